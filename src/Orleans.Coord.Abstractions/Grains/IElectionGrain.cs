using Orleans.Coord.Watching;
using Orleans.Concurrency;
using Orleans.Coord.Elections;
using Orleans.Coord.Locks;

namespace Orleans.Coord.Grains;

/// <summary>
/// The authoritative state of one election, keyed by the election name. It reuses the lock protocol: a candidacy is a
/// request in a FIFO queue, the leadership is the grant, the term is the fencing token. Each new term is persisted with
/// the grain's ETag before any candidate is told it leads, then published on the election's stream
/// (<see cref="CoordConstants.ElectionStreamNamespace"/>). Terms increase strictly per name, forever. A candidate is
/// elected only while its session is alive (and, for a group-tied candidacy, while it is a member of the group through
/// that session). Leadership is leased by the leader's session: when it ends or expires the next live candidate is
/// elected in the same turn.
/// </summary>
public interface IElectionGrain : ISessionBoundGrain, IWatchableGrain<ElectionEvent>
{
    /// <summary>
    /// Elects the (already attached) session at once when nobody leads and nobody waits; returns null otherwise,
    /// also when the calling session leads already. Repeating an elected <paramref name="requestId"/> returns the
    /// same grant (its token is the term).
    /// </summary>
    /// <param name="sessionId">The calling session.</param>
    /// <param name="memberId">The session's member id.</param>
    /// <param name="requestId">A new id per campaign.</param>
    /// <param name="value">The candidate's value (at most 64 KiB).</param>
    /// <param name="group">When not null, the candidate must be a member of this group through this session.</param>
    /// <param name="observer">Told <see cref="ILockWaiter.Lost"/> if the leadership ends without a resignation (may be null).</param>
    /// <exception cref="SessionExpiredException">The session is no longer alive (nothing is left behind).</exception>
    /// <exception cref="MemberNotJoinedException">The candidacy is group-tied and the member is not in the group.</exception>
    Task<LockGrant?> TryCampaignAsync(Guid sessionId, string memberId, Guid requestId, byte[] value, string? group, ILockWaiter? observer);

    /// <summary>
    /// Elects the session at once when nobody leads and nobody waits, otherwise appends the candidacy to the FIFO queue;
    /// a later election is pushed to <paramref name="observer"/> once (<see cref="ILockWaiter.Granted"/>, token = term).
    /// Idempotent per <paramref name="requestId"/>.
    /// </summary>
    /// <exception cref="SessionExpiredException">The session is no longer alive (nothing is left behind).</exception>
    /// <exception cref="MemberNotJoinedException">The candidacy is group-tied and the member is not in the group.</exception>
    Task<LockRequestStatus> CampaignAsync(Guid sessionId, string memberId, Guid requestId, byte[] value, string? group, ILockWaiter observer);

    /// <summary>Where the candidacy stands: elected (with its term), queued, or unknown.</summary>
    [ReadOnly]
    Task<LockRequestStatus> GetRequestStatusAsync(Guid requestId);

    /// <summary>
    /// Withdraws the candidacy: removes it from the queue or, when it was elected meanwhile, resigns (and elects the
    /// next candidate). Returns true when something was withdrawn.
    /// </summary>
    Task<bool> CancelCampaignAsync(Guid requestId);

    /// <summary>
    /// Resigns the leadership of term <paramref name="term"/> held by <paramref name="sessionId"/> and elects the next
    /// live candidate with a new term. Returns false, changing nothing, when that session does not lead with that term.
    /// </summary>
    Task<bool> ResignAsync(Guid sessionId, long term);

    /// <summary>Replaces the leader's value (published as <see cref="ElectionEventKind.ValueChanged"/>); returns the new event version.</summary>
    /// <exception cref="NotLeaderException">The session does not lead with term <paramref name="term"/>.</exception>
    /// <exception cref="ArgumentException">The value is larger than 64 KiB.</exception>
    Task<long> ProclaimAsync(Guid sessionId, string memberId, long term, byte[] value);

    /// <summary>
    /// The current leader, after asking its session grain whether it is alive: a leader whose session is dead is
    /// removed first (and the next candidate elected), so a dead leader is never answered. Null when nobody leads.
    /// </summary>
    Task<ElectionLeader?> GetLeaderAsync();

    /// <summary>The leader, last term and version as stored (no liveness check); the starting point of an observation.</summary>
    [ReadOnly]
    Task<ElectionSnapshot> GetSnapshotAsync();

    /// <summary>The election's current event version.</summary>
    [ReadOnly]
    Task<long> GetVersionAsync();
}
