using Orleans.Coord.Grains;
using Orleans.Coord.Internal;
using Orleans.Coord.Locks;
using Orleans.Runtime;

namespace Orleans.Coord.Elections;

/// <summary>One campaign seen through the lock acquire protocol: a candidacy is a lock request, the term its token.</summary>
internal sealed class ElectionTarget(IElectionGrain grain, SessionContext session, string name, byte[] value, string? group) : ILockTarget
{
    public string Name { get; } = name;

    public GrainId GrainId => grain.GetGrainId();

    public IElectionGrain Grain => grain;

    public byte[] Value => value;

    public Task<LockGrant?> TryAcquireAsync(Guid requestId, ILockWaiter observer) =>
        grain.TryCampaignAsync(session.SessionId, session.MemberId, requestId, value, group, observer);

    public Task<LockRequestStatus> EnqueueAsync(Guid requestId, ILockWaiter observer) =>
        grain.CampaignAsync(session.SessionId, session.MemberId, requestId, value, group, observer);

    public Task<LockRequestStatus> GetRequestStatusAsync(Guid requestId) => grain.GetRequestStatusAsync(requestId);

    public Task<bool> CancelWaitAsync(Guid requestId) => grain.CancelCampaignAsync(requestId);

    public Task<bool> ReleaseAsync(long token) => grain.ResignAsync(session.SessionId, token);
}
