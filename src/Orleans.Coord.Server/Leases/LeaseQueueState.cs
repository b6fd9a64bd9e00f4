using Orleans.Coord.Server.Internal;

namespace Orleans.Coord.Server.Leases;

/// <summary>
/// The persisted state of one lease queue: its grants, the head of its waiting requests, its counters and its request
/// ledger. Each write persists the first <see cref="StoredWaiters"/> waiting requests, so that a handoff's write does not
/// grow with the queue; a crash loses the positions of the requests behind them, which queue again at their waiter's
/// next status re-check (docs/design.md, "One commit pipeline").
/// </summary>
[GenerateSerializer]
internal sealed class LeaseQueueState
{
    /// <summary>The token of the last grant; the next grant gets a greater one. Never goes back.</summary>
    [Id(0)]
    public long LastToken { get; set; }

    /// <summary>How many permits the holders may take together (1 for an exclusive lock or an election).</summary>
    [Id(1)]
    public int Capacity { get; set; }

    /// <summary>The current grants, oldest first.</summary>
    [Id(2)]
    public List<Lease> Holders { get; set; } = [];

    /// <summary>The waiting requests, first in line first (as stored: the first <see cref="StoredWaiters"/> of them).</summary>
    [Id(3)]
    public List<LeaseRequest> Waiters { get; set; } = [];

    /// <summary>The version of the last event.</summary>
    [Id(4)]
    public long Version { get; set; }

    /// <summary>While set and in the future, nothing is granted: the lock-delay after an expired grant.</summary>
    [Id(5)]
    public DateTimeOffset? DelayedUntil { get; set; }

    /// <summary>Each live session's last answered request, floor and ended requests, and the last administrative request.</summary>
    [Id(6)]
    public RequestLedger Ledger { get; set; } = new();

    /// <summary>How many waiting requests, from the head of the queue, a write persists.</summary>
    public const int StoredWaiters = 8;

    /// <summary>
    /// A copy to persist while the original keeps changing, with the first <see cref="StoredWaiters"/> waiting requests;
    /// the grants and requests are immutable and shared.
    /// </summary>
    public LeaseQueueState Copy() => new()
    {
        LastToken = LastToken,
        Capacity = Capacity,
        Holders = [.. Holders],
        Waiters = Waiters.Count <= StoredWaiters ? [.. Waiters] : Waiters.GetRange(0, StoredWaiters),
        Version = Version,
        DelayedUntil = DelayedUntil,
        Ledger = Ledger.Copy(),
    };
}
