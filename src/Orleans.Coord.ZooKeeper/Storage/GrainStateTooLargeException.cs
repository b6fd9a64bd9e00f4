namespace Orleans.Coord.ZooKeeper.Storage;

/// <summary>
/// Thrown by <see cref="ZooKeeperGrainStorage"/> when a serialized grain state is larger than a ZooKeeper node can hold
/// (<see cref="ZooKeeperClient.MaxDataLength"/> bytes, the server's default <c>jute.maxbuffer</c>). Nothing is written.
/// </summary>
public sealed class GrainStateTooLargeException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="size">The serialized size, in bytes.</param>
    /// <param name="limit">The largest accepted size, in bytes.</param>
    /// <param name="grainDescription">Names the state and grain.</param>
    /// <param name="paramName">The argument that was too large.</param>
    public GrainStateTooLargeException(int size, int limit, string grainDescription, string paramName)
        : base($"The serialized state of {grainDescription} is {size} bytes; a ZooKeeper node holds at most {limit} bytes.", paramName)
    {
        Size = size;
        Limit = limit;
    }

    /// <summary>The serialized size, in bytes.</summary>
    public int Size { get; }

    /// <summary>The largest accepted size, in bytes.</summary>
    public int Limit { get; }
}
