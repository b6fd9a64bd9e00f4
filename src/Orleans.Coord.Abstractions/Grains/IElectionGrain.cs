using Orleans.Concurrency;
using Orleans.Coord.Elections;
using Orleans.Coord.Watching;

namespace Orleans.Coord.Grains;

/// <summary>
/// The authoritative state of one election, keyed by the election name (see <see cref="ILeaseGrain"/>): candidacies
/// wait in a FIFO queue, one candidate leads at a time, and each new leader gets a term greater than every earlier one,
/// persisted before anyone is told it leads, forever and across silo loss. Events are published on the election's
/// stream (<see cref="CoordConstants.ElectionStreamNamespace"/>) and pushed to watchers. A candidate is elected only
/// while its session is alive (and, for a group-tied candidacy, while it is a member of the group through that
/// session). Leadership is leased by the leader's session: when it ends or expires the next live candidate is elected
/// in the same turn. Its snapshot is the leader, last term and version as stored, without a liveness check.
/// </summary>
public interface IElectionGrain : ILeaseGrain, IWatchableGrain<ElectionEvent, ElectionSnapshot>
{
    /// <summary>
    /// Elects the (already attached) session at once when nobody leads and nobody waits, and returns the new leader;
    /// returns null otherwise. Repeating an elected <paramref name="requestId"/> returns the same leadership; a copy of a
    /// campaign that has ended returns null. A new request of a session that already leads or waits throws
    /// <see cref="AlreadyCampaigningException"/> and changes nothing (one candidacy per session).
    /// </summary>
    /// <param name="sessionId">The calling session.</param>
    /// <param name="memberId">The session's member id.</param>
    /// <param name="requestId">A new id per campaign.</param>
    /// <param name="order">The request's place among the session's requests to this grain; a request numbered below the session's floor is refused as a late copy (<see cref="RequestOrder"/>).</param>
    /// <param name="value">The candidate's value (at most 64 KiB).</param>
    /// <param name="group">When not null, the candidate must be a member of this group through this session.</param>
    /// <param name="observer">Told <see cref="ILeaseObserver.Lost"/> if the leadership ends without a resignation (may be null).</param>
    /// <exception cref="SessionExpiredException">The session is no longer alive (nothing is left behind).</exception>
    /// <exception cref="MemberNotJoinedException">The candidacy is group-tied and the member is not in the group.</exception>
    /// <exception cref="AlreadyCampaigningException">The session already leads or waits (a new request id).</exception>
    Task<ElectionLeader?> TryCampaignAsync(Guid sessionId, string memberId, Guid requestId, RequestOrder order, byte[] value, string? group, ILeaseObserver? observer);

    /// <summary>
    /// Elects the session at once when nobody leads and nobody waits, otherwise appends the candidacy to the FIFO queue;
    /// a later election is pushed to <paramref name="observer"/> once (<see cref="ILeaseObserver.Granted"/>, token =
    /// term). Idempotent per <paramref name="requestId"/>; a copy of a campaign that has ended answers
    /// <see cref="CandidacyState.Unknown"/>. A new request of a session that already leads or waits throws
    /// <see cref="AlreadyCampaigningException"/> and changes nothing.
    /// </summary>
    /// <exception cref="SessionExpiredException">The session is no longer alive (nothing is left behind).</exception>
    /// <exception cref="MemberNotJoinedException">The candidacy is group-tied and the member is not in the group.</exception>
    Task<CandidacyStatus> CampaignAsync(Guid sessionId, string memberId, Guid requestId, RequestOrder order, byte[] value, string? group, ILeaseObserver observer);

    /// <summary>Where the candidacy stands: leading (with its term), waiting, or unknown.</summary>
    [ReadOnly]
    Task<CandidacyStatus> GetCandidacyAsync(Guid requestId);

    /// <summary>
    /// Resigns the leadership of term <paramref name="term"/> held by <paramref name="sessionId"/> and elects the next
    /// live candidate with a new term. Returns false, changing nothing, when that session does not lead with that term
    /// (any more). A copy sent again with the same <paramref name="requestId"/> gets the first copy's answer.
    /// </summary>
    /// <param name="sessionId">The leading session.</param>
    /// <param name="requestId">A new id per resignation (not the campaign's).</param>
    /// <param name="order">The resignation's place among the session's requests to this grain (<see cref="RequestOrder"/>): its floor lets the grain forget the session's requests that ended at the client, and a later request's floor lets it forget this resignation's answer.</param>
    /// <param name="term">The leadership's term.</param>
    Task<bool> ResignAsync(Guid sessionId, Guid requestId, RequestOrder order, long term);

    /// <summary>
    /// Replaces the leader's value (published as <see cref="ElectionEventKind.ValueChanged"/>); returns the new event
    /// version. A copy sent again with the same <paramref name="requestId"/> gets the first copy's answer and publishes
    /// nothing.
    /// </summary>
    /// <param name="sessionId">The leader's session.</param>
    /// <param name="requestId">A new id per proclaim.</param>
    /// <param name="order">The proclaim's place among the session's requests to this election; a late copy of a proclaim the session has moved past changes nothing (<see cref="RequestOrder"/>).</param>
    /// <param name="memberId">The leader's member id.</param>
    /// <param name="term">The leader's term.</param>
    /// <param name="value">The new value (at most 64 KiB).</param>
    /// <exception cref="NotLeaderException">The session does not lead with term <paramref name="term"/>.</exception>
    /// <exception cref="ArgumentException">The value is larger than 64 KiB.</exception>
    Task<long> ProclaimAsync(Guid sessionId, Guid requestId, RequestOrder order, string memberId, long term, byte[] value);

    /// <summary>
    /// The current leader, after asking its session grain whether it is alive: a leader whose session is dead (or who
    /// left its group) is removed first and the next candidate elected, so a dead leader is never answered. Null when
    /// nobody leads.
    /// </summary>
    Task<ElectionLeader?> GetLeaderAsync();
}
