using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Leases;
using Orleans.Coord.Elections;
using Orleans.Coord.Grains;
using Orleans.Runtime;

namespace Orleans.Coord.Client.Elections;

/// <summary>One campaign seen through the acquire protocol: a candidacy is a lease request, the term its token.</summary>
internal sealed class ElectionTarget(IElectionGrain grain, SessionContext session, string name, byte[] value, string? group) : ILeaseTarget
{
    public string Name { get; } = name;

    public string Primitive => Orleans.Coord.Telemetry.CoordTelemetry.Primitives.Election;

    public GrainId GrainId => grain.GetGrainId();

    public IElectionGrain Grain => grain;

    public byte[] Value => value;

    public async Task<long?> TryAcquireAsync(Guid requestId, RequestOrder order, ILeaseObserver observer) =>
        (await grain.TryCampaignAsync(session.SessionId, session.MemberId, requestId, order, value, group, observer))?.Term;

    public async Task<LeaseRequestStatus> EnqueueAsync(Guid requestId, RequestOrder order, ILeaseObserver observer) =>
        Of(await grain.CampaignAsync(session.SessionId, session.MemberId, requestId, order, value, group, observer));

    public async Task<LeaseRequestStatus> GetStatusAsync(Guid requestId) => Of(await grain.GetCandidacyAsync(requestId));

    public Task<bool> ReleaseAsync(Guid requestId, RequestOrder order, long token) => grain.ResignAsync(session.SessionId, requestId, order, token);

    private static LeaseRequestStatus Of(CandidacyStatus status) => status.State switch
    {
        CandidacyState.Leading => LeaseRequestStatus.Granted(status.Term),
        CandidacyState.Waiting => LeaseRequestStatus.Queued,
        _ => LeaseRequestStatus.Unknown,
    };
}
