using Microsoft.Extensions.Logging;
using Orleans.Coord.Grains;
using Orleans.Coord.Locks;
using Orleans.Coord.Server.Leases;

namespace Orleans.Coord.Server.Locks;

/// <summary>
/// A lock whose capacity several holders share (semaphores, reader-writer locks): the lease-queue engine with the
/// capacity each request names, which every user of one name must agree on while the lock is in use.
/// </summary>
internal abstract class PermitGrain(IPersistentState<LeaseQueueState> state, ILogger logger, TimeProvider clock)
    : LockQueueGrain(state, logger, clock), IPermitGrain
{
    /// <summary>Checks the permits and capacity of a request for this kind of lock.</summary>
    /// <exception cref="ArgumentException">They break the lock's rules.</exception>
    protected abstract void ValidateRequest(int permits, int capacity);

    public Task<LockGrant?> TryAcquireAsync(Guid sessionId, string memberId, Guid requestId, RequestOrder order, int permits, int capacity, ILeaseObserver? observer) =>
        Commits.RunAsync(() => TryAcquireInTurnAsync(Checked(sessionId, memberId, requestId, order, permits, capacity, observer), Grant));

    public Task<LockRequestStatus> EnqueueAsync(Guid sessionId, string memberId, Guid requestId, RequestOrder order, int permits, int capacity, ILeaseObserver observer) =>
        EnqueueAsync(() => Checked(sessionId, memberId, requestId, order, permits, capacity, observer), Status);

    public Task<IReadOnlyList<LockGrant>> GetHoldersAsync() =>
        Commits.RunAsync(() => Task.FromResult<IReadOnlyList<LockGrant>>(S.Holders.Select(h => Grant(h)!).ToArray()));

    /// <summary>The request, once its permits and capacity are checked and the capacity is in use.</summary>
    private LeaseRequest Checked(Guid sessionId, string memberId, Guid requestId, RequestOrder order, int permits, int capacity, ILeaseObserver? observer)
    {
        ValidateRequest(permits, capacity);
        if (S.Holders.Count > 0 || S.Waiters.Count > 0)
        {
            if (S.Capacity != capacity)
            {
                throw new SemaphoreMaxCountMismatchException(Name, S.Capacity, capacity);
            }
        }
        else
        {
            // Idle: the capacity may change; it is persisted with the grant or queue entry that follows.
            S.Capacity = capacity;
        }

        return NewRequest(sessionId, memberId, requestId, order, permits, observer);
    }
}
