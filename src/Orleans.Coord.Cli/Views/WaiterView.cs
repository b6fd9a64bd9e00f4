using Orleans.Coord.Inspection;

namespace Orleans.Coord.Cli.Views;

/// <summary>A waiting request, with its place in the queue (1 = next).</summary>
internal sealed record WaiterView(int Position, string MemberId, Guid SessionId, int Permits)
{
    public static IReadOnlyList<WaiterView> From(IEnumerable<LeaseWaiterInfo> waiters) =>
        waiters.Select((w, i) => new WaiterView(i + 1, w.MemberId, w.SessionId, w.Permits)).ToList();
}
