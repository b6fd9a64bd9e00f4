using Orleans.Concurrency;
using Orleans.Coord.Locks;

namespace Orleans.Coord.Grains;

/// <summary>
/// The authoritative state of one exclusive lock, keyed by the lock name (see <see cref="ILeaseGrain"/>). Events are
/// published on the lock's stream (<see cref="CoordConstants.LockStreamNamespace"/>) when the silo turns lock streams
/// on (<c>CoordLockOptions.PublishEvents</c>). Holds are leased by the holding
/// session: when it ends or expires the lock passes to the next live waiter in the same turn.
/// </summary>
public interface ILockGrain : ILeaseGrain, IGrainWithStringKey
{
    /// <summary>
    /// Grants the lock to the (already attached) session at once, or returns null when it is held (also by the calling
    /// session: locks are not re-entrant), when requests are queued, or during a lock-delay. Repeating a granted
    /// <paramref name="requestId"/> returns the same grant; a copy of a request that has ended returns null.
    /// </summary>
    /// <param name="sessionId">The calling session.</param>
    /// <param name="memberId">The session's member id.</param>
    /// <param name="requestId">A new id per acquire attempt.</param>
    /// <param name="order">The request's place among the session's requests to this grain; a request numbered below the session's floor is refused as a late copy (<see cref="RequestOrder"/>).</param>
    /// <param name="observer">Told <see cref="ILeaseObserver.Lost"/> if the grant ends without a release (may be null).</param>
    /// <exception cref="SessionExpiredException">The session is no longer alive (nothing is left behind).</exception>
    Task<LockGrant?> TryAcquireAsync(Guid sessionId, string memberId, Guid requestId, RequestOrder order, ILeaseObserver? observer);

    /// <summary>
    /// Grants the lock at once when it is free and nobody waits, otherwise appends the request to the FIFO queue; a
    /// later grant is pushed to <paramref name="observer"/> once (<see cref="ILeaseObserver.Granted"/>). Idempotent per
    /// <paramref name="requestId"/>; a copy of a request that has ended answers <see cref="LockRequestState.Unknown"/>.
    /// A grant is persisted before it is answered; a queue position may be answered first and is written with the
    /// grain's next write (within 10 ms): if the grain is lost before that, <see cref="GetRequestStatusAsync"/> answers
    /// unknown and the caller queues again.
    /// </summary>
    /// <param name="sessionId">The calling (already attached) session.</param>
    /// <param name="memberId">The session's member id.</param>
    /// <param name="requestId">A new id per acquire attempt.</param>
    /// <param name="order">The request's place among the session's requests to this grain; a request numbered below the session's floor is refused as a late copy (<see cref="RequestOrder"/>).</param>
    /// <param name="observer">Told of a later grant, and of its loss.</param>
    /// <exception cref="SessionExpiredException">The session is no longer alive (nothing is left behind).</exception>
    Task<LockRequestStatus> EnqueueAsync(Guid sessionId, string memberId, Guid requestId, RequestOrder order, ILeaseObserver observer);

    /// <summary>Where the request stands: granted (with its token), queued, or unknown.</summary>
    [ReadOnly]
    Task<LockRequestStatus> GetRequestStatusAsync(Guid requestId);

    /// <summary>
    /// Releases grant <paramref name="token"/> of <paramref name="sessionId"/> and passes the lock to the next live
    /// waiter. Returns false, changing nothing, when that session does not hold that grant (never held it, or it was
    /// released, broken or expired). A copy of this release sent again with the same <paramref name="requestId"/> gets
    /// the first copy's answer.
    /// </summary>
    /// <param name="sessionId">The holding session.</param>
    /// <param name="requestId">A new id per release (not the acquire's).</param>
    /// <param name="order">The release's place among the session's requests to this grain (<see cref="RequestOrder"/>): its floor lets the grain forget the session's requests that ended at the client, and a later request's floor lets it forget this release's answer.</param>
    /// <param name="token">The grant's fencing token.</param>
    Task<bool> ReleaseAsync(Guid sessionId, Guid requestId, RequestOrder order, long token);

    /// <summary>Whether <paramref name="sessionId"/> holds grant <paramref name="token"/> and its session is alive.</summary>
    Task<bool> IsStillOwnerAsync(Guid sessionId, long token);

    /// <summary>
    /// Forces the release of the current grant when its token is at most <paramref name="upToToken"/> (an
    /// administrator's tool): the holder is told it lost the lock and the next waiter is granted it. Returns false when
    /// the lock was free or its grant is newer. A caller passes the token of the grant it saw, so that a copy of the
    /// break that arrives late never breaks a later grant. A repeat with the same <paramref name="requestId"/> (sent
    /// again after its answer was lost) gets the first answer and breaks nothing.
    /// </summary>
    /// <param name="requestId">A new id per break.</param>
    /// <param name="upToToken">The newest token the break may end (the token of the grant the caller saw).</param>
    Task<bool> BreakAsync(Guid requestId, long upToToken);

    /// <summary>The current grant, or null when the lock is free.</summary>
    [ReadOnly]
    Task<LockGrant?> GetHolderAsync();

    /// <summary>How many requests wait in the queue.</summary>
    [ReadOnly]
    Task<int> GetQueueLengthAsync();
}
