using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Leases;
using Orleans.Coord.Grains;
using Orleans.Coord.Locks;
using Orleans.Runtime;

namespace Orleans.Coord.Client.Locks;

/// <summary>The acquire protocol against an exclusive lock grain.</summary>
internal sealed class ExclusiveLockTarget(ILockGrain grain, SessionContext session, string name) : ILeaseTarget
{
    public string Name { get; } = name;

    public string Primitive => Orleans.Coord.Telemetry.CoordTelemetry.Primitives.Lock;

    public GrainId GrainId => grain.GetGrainId();

    public async Task<long?> TryAcquireAsync(Guid requestId, RequestOrder order, ILeaseObserver observer) =>
        (await grain.TryAcquireAsync(session.SessionId, session.MemberId, requestId, order, observer))?.Token;

    public async Task<LeaseRequestStatus> EnqueueAsync(Guid requestId, RequestOrder order, ILeaseObserver observer) =>
        LockStatuses.Of(await grain.EnqueueAsync(session.SessionId, session.MemberId, requestId, order, observer));

    public async Task<LeaseRequestStatus> GetStatusAsync(Guid requestId) => LockStatuses.Of(await grain.GetRequestStatusAsync(requestId));

    public Task<bool> ReleaseAsync(Guid requestId, RequestOrder order, long token) => grain.ReleaseAsync(session.SessionId, requestId, order, token);
}
