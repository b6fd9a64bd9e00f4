namespace Orleans.Coord.Inspection;

/// <summary>
/// What a lock, semaphore, reader-writer lock or election holds now: its grants, oldest first, and its queue, first in
/// line first. Reading it changes nothing.
/// </summary>
/// <param name="Kind">One of <see cref="Orleans.Coord.Grains.NameDirectory"/>'s kinds: lock, semaphore, rwlock, election.</param>
/// <param name="Name">The name.</param>
/// <param name="Capacity">How many permits the holders may take together (1 for a lock or election).</param>
/// <param name="LastToken">The last token (term) granted; the next is greater.</param>
/// <param name="Holders">The current grants, oldest first.</param>
/// <param name="Waiters">The waiting requests, first in line first.</param>
[GenerateSerializer]
[Immutable]
public sealed record LeaseQueueInfo(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Name,
    [property: Id(2)] int Capacity,
    [property: Id(3)] long LastToken,
    [property: Id(4)] IReadOnlyList<LeaseHolderInfo> Holders,
    [property: Id(5)] IReadOnlyList<LeaseWaiterInfo> Waiters)
{
    /// <summary>Whether anything is held or waited for.</summary>
    public bool InUse => Holders.Count > 0 || Waiters.Count > 0;
}
