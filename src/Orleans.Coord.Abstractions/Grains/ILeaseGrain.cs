using Orleans.Concurrency;

namespace Orleans.Coord.Grains;

/// <summary>
/// A grain that grants leases from a first-in, first-out queue of session requests: an exclusive lock, a semaphore,
/// a reader-writer lock or an election. Every grant is persisted before it is answered or pushed to the requester's
/// <see cref="ILeaseObserver"/>, and carries a token (a fencing token, or a term) greater than every earlier grant's.
/// Every request carries an id chosen by the caller and its place in the session's order (<see cref="RequestOrder"/>):
/// a copy sent again is answered as the first copy was, and a copy of a request that has ended (released, withdrawn,
/// or given up by the caller) grants nothing.
/// </summary>
public interface ILeaseGrain : ISessionBoundGrain
{
    /// <summary>
    /// Withdraws request <paramref name="requestId"/> of <paramref name="sessionId"/>: removes it from the queue or,
    /// when it was granted meanwhile, ends the grant and grants the next request. The withdrawal is recorded even when
    /// the grain does not know the request (it may not have arrived yet), so that a copy of it arriving later grants
    /// and queues nothing. Returns true when a queued or granted request was withdrawn.
    /// </summary>
    /// <param name="sessionId">The session that made the request.</param>
    /// <param name="requestId">The request's id.</param>
    /// <param name="order">The request's place among the session's requests (as it was sent), and the session's floor now.</param>
    Task<bool> WithdrawAsync(Guid sessionId, Guid requestId, RequestOrder order);

    /// <summary>
    /// What the lock or election holds now and who waits, for operators; changes nothing (answered once everything
    /// it shows is stored).
    /// </summary>
    [ReadOnly]
    Task<Inspection.LeaseQueueInfo> GetInfoAsync();
}
