using Orleans.Coord.Grains;
using Orleans.Runtime;

namespace Orleans.Coord.Client.Internal;

/// <summary>
/// One request of the session to one grain, numbered by the session's <see cref="RequestSequencer"/>, in flight until
/// disposed: from then on, a copy of it that reaches the grain after a later request is refused.
/// </summary>
internal readonly struct InFlightRequest(RequestSequencer owner, GrainId grain, long sequence) : IDisposable
{
    /// <summary>The request's number in the session.</summary>
    public long Sequence => sequence;

    /// <summary>The order to send with (each copy of) the request: its number and the grain's floor now.</summary>
    public RequestOrder Order => owner.OrderOf(grain, sequence);

    /// <summary>Settles the request: it is no longer in flight.</summary>
    public void Dispose() => owner.End(grain, sequence);
}
