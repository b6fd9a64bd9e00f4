namespace Orleans.Coord.Benchmarks.Floors;

/// <summary>
/// A benchmark-only grain that does the two things a coordination call is built from, and nothing else: being called
/// (<see cref="PingAsync"/>), and one durable write through the backend's grain storage (<see cref="WriteAsync"/>).
/// Their latencies are the floor under every coordination figure.
/// </summary>
internal interface IFloorGrain : IGrainWithStringKey
{
    /// <summary>Returns at once: the cost of the call alone.</summary>
    Task PingAsync();

    /// <summary>Changes the state and writes it with its ETag (as a lock grant does), then returns.</summary>
    Task WriteAsync();
}
