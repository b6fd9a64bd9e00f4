namespace Orleans.Coord.Internal;

/// <summary>
/// Growing pauses between attempts: <c>first</c>, doubled after every attempt up to <c>longest</c>, each shortened by up
/// to <c>jitter</c> (a fraction, 0 for none) at random so that many clients that failed together do not retry in step.
/// A mutable struct: keep it in a local or a field and call <see cref="Next"/>.
/// </summary>
internal struct Backoff(TimeSpan first, TimeSpan longest, double jitter = 0)
{
    private readonly TimeSpan _first = first;
    private TimeSpan _next = first;

    /// <summary>The pause before the next attempt; every call counts one more attempt.</summary>
    public TimeSpan Next()
    {
        var pause = _next;
        _next = pause * 2 < longest ? pause * 2 : longest;
        return jitter == 0 ? pause : pause * (1 - (Random.Shared.NextDouble() * jitter));
    }

    /// <summary>Starts again from the first pause.</summary>
    public void Reset() => _next = _first;
}
