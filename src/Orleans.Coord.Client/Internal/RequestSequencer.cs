using Orleans.Coord.Grains;
using Orleans.Runtime;

namespace Orleans.Coord.Client.Internal;

/// <summary>
/// Numbers a session's requests and keeps, per grain, the numbers of those still in flight, so that every request
/// tells its grain the floor below which a copy is late and must be refused (<see cref="RequestOrder"/>; docs/design.md,
/// "The request ledger"). A request is in flight from before its first copy is sent until its outcome is settled at the
/// client: answered, or given up and withdrawn. Numbers start at 1 and only grow.
/// </summary>
internal sealed class RequestSequencer
{
    private readonly Lock _gate = new();
    private readonly Dictionary<GrainId, List<long>> _inFlight = [];
    private long _last;

    /// <summary>Starts a request to <paramref name="grain"/>; it stays in flight until the returned request is disposed.</summary>
    public InFlightRequest Start(GrainId grain)
    {
        lock (_gate)
        {
            var sequence = ++_last;
            if (!_inFlight.TryGetValue(grain, out var numbers))
            {
                _inFlight[grain] = numbers = [];
            }

            numbers.Add(sequence);
            return new InFlightRequest(this, grain, sequence);
        }
    }

    /// <summary>
    /// The order of a call about no new request (a grant given back): the grain's floor now, as its number and floor.
    /// </summary>
    public RequestOrder Current(GrainId grain)
    {
        var floor = FloorOf(grain);
        return new RequestOrder(floor, floor);
    }

    /// <summary>Request <paramref name="sequence"/>'s order now: its number, and the lowest number still in flight to the grain.</summary>
    internal RequestOrder OrderOf(GrainId grain, long sequence) => new(sequence, FloorOf(grain));

    internal void End(GrainId grain, long sequence)
    {
        lock (_gate)
        {
            if (_inFlight.TryGetValue(grain, out var numbers) && numbers.Remove(sequence) && numbers.Count == 0)
            {
                _inFlight.Remove(grain);
            }
        }
    }

    private long FloorOf(GrainId grain)
    {
        lock (_gate)
        {
            // Numbers are added in increasing order, so the first one left is the lowest; none: all before the next ended.
            return _inFlight.TryGetValue(grain, out var numbers) ? numbers[0] : _last + 1;
        }
    }
}
