using Orleans.Concurrency;
using Orleans.Coord.Locks;

namespace Orleans.Coord.Grains;

/// <summary>
/// A lock whose capacity several holders share (semaphores and reader-writer locks; see <see cref="ILeaseGrain"/>).
/// Each request takes <c>permits</c> of the lock's <c>capacity</c>; requests are granted first in, first out, and the
/// request at the head of the queue blocks those behind it until it fits (so a writer is not starved by readers).
/// Holds are leased by the session.
/// </summary>
public interface IPermitGrain : ILeaseGrain
{
    /// <summary>
    /// Grants the request at once when it fits and nobody waits, else returns null. Repeating a granted
    /// <paramref name="requestId"/> returns the same grant; a copy of a request that has ended returns null.
    /// </summary>
    /// <param name="sessionId">The calling (already attached) session.</param>
    /// <param name="memberId">The session's member id.</param>
    /// <param name="requestId">A new id per acquire attempt.</param>
    /// <param name="order">The request's place among the session's requests to this grain; a request numbered below the session's floor is refused as a late copy (<see cref="RequestOrder"/>).</param>
    /// <param name="permits">How much of the capacity the request takes: 1 to <paramref name="capacity"/>.</param>
    /// <param name="capacity">The lock's capacity; every user of one name must pass the same.</param>
    /// <param name="observer">Told <see cref="ILeaseObserver.Lost"/> if the grant ends without a release (may be null).</param>
    /// <exception cref="ArgumentException">An argument breaks its limit.</exception>
    /// <exception cref="SemaphoreMaxCountMismatchException"><paramref name="capacity"/> differs from the one the lock is in use with.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive (nothing is left behind).</exception>
    Task<LockGrant?> TryAcquireAsync(Guid sessionId, string memberId, Guid requestId, RequestOrder order, int permits, int capacity, ILeaseObserver? observer);

    /// <summary>
    /// Grants the request at once when it fits and nobody waits, else appends it to the FIFO queue; a later grant is
    /// pushed to <paramref name="observer"/> once. Idempotent per <paramref name="requestId"/>; a copy of a request that
    /// has ended answers <see cref="LockRequestState.Unknown"/>. A grant is persisted before it is answered; a queue
    /// position may be answered first and is written with the grain's next write (within 10 ms): if the grain is lost
    /// before that, <see cref="GetRequestStatusAsync"/> answers unknown and the caller queues again.
    /// </summary>
    /// <exception cref="ArgumentException">An argument breaks its limit.</exception>
    /// <exception cref="SemaphoreMaxCountMismatchException"><paramref name="capacity"/> differs from the one the lock is in use with.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive (nothing is left behind).</exception>
    Task<LockRequestStatus> EnqueueAsync(Guid sessionId, string memberId, Guid requestId, RequestOrder order, int permits, int capacity, ILeaseObserver observer);

    /// <summary>Where the request stands: granted (with its token), queued, or unknown.</summary>
    [ReadOnly]
    Task<LockRequestStatus> GetRequestStatusAsync(Guid requestId);

    /// <summary>
    /// Releases grant <paramref name="token"/> of <paramref name="sessionId"/>; false, changing nothing, when it does
    /// not hold it (any more). A copy sent again with the same <paramref name="requestId"/> gets the first copy's answer.
    /// </summary>
    /// <param name="sessionId">The holding session.</param>
    /// <param name="requestId">A new id per release (not the acquire's).</param>
    /// <param name="order">The release's place among the session's requests to this grain (<see cref="RequestOrder"/>): its floor lets the grain forget the session's requests that ended at the client, and a later request's floor lets it forget this release's answer.</param>
    /// <param name="token">The grant's fencing token.</param>
    Task<bool> ReleaseAsync(Guid sessionId, Guid requestId, RequestOrder order, long token);

    /// <summary>Whether <paramref name="sessionId"/> holds grant <paramref name="token"/> and its session is alive.</summary>
    Task<bool> IsStillOwnerAsync(Guid sessionId, long token);

    /// <summary>The current grants, oldest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<LockGrant>> GetHoldersAsync();

    /// <summary>How many requests wait in the queue.</summary>
    [ReadOnly]
    Task<int> GetQueueLengthAsync();
}
