using Orleans.Coord.Grains;
using Orleans.Coord.Internal;
using Orleans.Runtime;

namespace Orleans.Coord.Locks;

/// <summary>The acquire protocol against a semaphore or reader-writer lock grain, for one permit count.</summary>
internal sealed class PermitTarget(IPermitGrain grain, SessionContext session, string name, int permits, int capacity) : ILockTarget
{
    public string Name { get; } = name;

    public GrainId GrainId => grain.GetGrainId();

    public Task<LockGrant?> TryAcquireAsync(Guid requestId, ILockWaiter observer) =>
        grain.TryAcquireAsync(session.SessionId, session.MemberId, requestId, permits, capacity, observer);

    public Task<LockRequestStatus> EnqueueAsync(Guid requestId, ILockWaiter observer) =>
        grain.EnqueueAsync(session.SessionId, session.MemberId, requestId, permits, capacity, observer);

    public Task<LockRequestStatus> GetRequestStatusAsync(Guid requestId) => grain.GetRequestStatusAsync(requestId);

    public Task<bool> CancelWaitAsync(Guid requestId) => grain.CancelWaitAsync(requestId);

    public Task<bool> ReleaseAsync(long token) => grain.ReleaseAsync(session.SessionId, token);
}
