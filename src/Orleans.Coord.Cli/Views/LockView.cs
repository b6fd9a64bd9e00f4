using Orleans.Coord.Inspection;

namespace Orleans.Coord.Cli.Views;

/// <summary>An exclusive lock, semaphore or reader-writer lock in <c>coord locks --json</c> and <c>coord lock NAME --json</c>.</summary>
internal sealed record LockView(
    string Kind,
    string Name,
    int Capacity,
    long LastToken,
    IReadOnlyList<HolderView> Holders,
    int QueueLength,
    IReadOnlyList<WaiterView> Waiters)
{
    public static LockView From(LeaseQueueInfo info) =>
        new(info.Kind, info.Name, info.Capacity, info.LastToken, info.Holders.Select(HolderView.From).ToList(), info.Waiters.Count, WaiterView.From(info.Waiters));
}
