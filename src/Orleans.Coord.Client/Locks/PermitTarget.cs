using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Leases;
using Orleans.Coord.Grains;
using Orleans.Coord.Locks;
using Orleans.Runtime;

namespace Orleans.Coord.Client.Locks;

/// <summary>The acquire protocol against a semaphore or reader-writer lock grain, for one permit count.</summary>
internal sealed class PermitTarget(IPermitGrain grain, SessionContext session, string name, string primitive, int permits, int capacity) : ILeaseTarget
{
    public string Name { get; } = name;

    public string Primitive { get; } = primitive;

    public GrainId GrainId => grain.GetGrainId();

    public async Task<long?> TryAcquireAsync(Guid requestId, RequestOrder order, ILeaseObserver observer) =>
        (await grain.TryAcquireAsync(session.SessionId, session.MemberId, requestId, order, permits, capacity, observer))?.Token;

    public async Task<LeaseRequestStatus> EnqueueAsync(Guid requestId, RequestOrder order, ILeaseObserver observer) =>
        LockStatuses.Of(await grain.EnqueueAsync(session.SessionId, session.MemberId, requestId, order, permits, capacity, observer));

    public async Task<LeaseRequestStatus> GetStatusAsync(Guid requestId) => LockStatuses.Of(await grain.GetRequestStatusAsync(requestId));

    public Task<bool> ReleaseAsync(Guid requestId, RequestOrder order, long token) => grain.ReleaseAsync(session.SessionId, requestId, order, token);
}
