using Grpc.Core;
using Orleans.Coord.Client;
using Orleans.Coord.Grpc.Sessions;
using Orleans.Coord.Grpc.V1;

namespace Orleans.Coord.Grpc.Services;

/// <summary>
/// orleans.coord.v1.Elections: campaigns, resignations, proclamations, the leader and observations for a relayed
/// session. The session keeps each leadership by election and term until it resigns or loses it (then a notice goes
/// to the keep-alive stream).
/// </summary>
internal sealed class ElectionsService(SessionRelay relay) : V1.Elections.ElectionsBase
{
    public override async Task<CampaignResponse> Campaign(CampaignRequest request, ServerCallContext context)
    {
        var session = relay.Get(request.SessionId);
        var timeout = ProtoConvert.Timeout(request.TimeoutMs);
        Validation.Guard.Timeout(timeout, "timeout_ms");
        session.EnsureRoomForHold();
        using var slot = session.OpenStream();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        if (timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            deadline.CancelAfter(timeout);
        }

        ILeadership leadership;
        try
        {
            leadership = await session.Coordinator.Elections.CampaignAsync(request.Election, request.Value.Memory, Options(request), deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Election '{request.Election}' was not won within {request.TimeoutMs} ms; the candidacy was withdrawn.");
        }

        return Keep(session, leadership);
    }

    public override async Task<CampaignResponse> TryCampaign(CampaignRequest request, ServerCallContext context)
    {
        var session = relay.Get(request.SessionId);
        session.EnsureRoomForHold();
        var leadership = await session.Coordinator.Elections.TryCampaignAsync(request.Election, request.Value.Memory, Options(request), context.CancellationToken);
        return leadership is null ? new CampaignResponse { Elected = false } : Keep(session, leadership);
    }

    public override async Task<ResignResponse> Resign(LeadershipRequest request, ServerCallContext context)
    {
        var session = relay.Get(request.SessionId);
        var hold = session.TakeHold(new HoldKey(HoldKind.Leadership, request.Election, request.Term));
        var resigned = hold is not null && await hold.ReleaseAsync(context.CancellationToken);
        return new ResignResponse { Resigned = resigned };
    }

    public override async Task<ProclaimResponse> Proclaim(ProclaimRequest request, ServerCallContext context)
    {
        var session = relay.Get(request.SessionId);
        Validation.Guard.Payload(request.Value.Length, "value");
        var hold = session.FindHold(new HoldKey(HoldKind.Leadership, request.Election, request.Term))
            ?? throw new NotLeaderException(request.Election, session.Coordinator.MemberId, request.Term);
        await ((ILeadership)hold.Handle).ProclaimAsync(request.Value.Memory, context.CancellationToken);
        return new ProclaimResponse();
    }

    public override async Task<GetLeaderResponse> GetLeader(ElectionRequest request, ServerCallContext context)
    {
        var leader = await relay.Get(request.SessionId).Coordinator.Elections.GetLeaderAsync(request.Election, context.CancellationToken);
        return leader is null ? new GetLeaderResponse() : new GetLeaderResponse { Leader = ProtoConvert.ToProto(leader) };
    }

    public override async Task Observe(ElectionRequest request, IServerStreamWriter<ObserveResponse> responseStream, ServerCallContext context)
    {
        var session = relay.Get(request.SessionId);
        using var slot = session.OpenStream();
        var cancellation = context.CancellationToken;
        await using var observation = await session.Coordinator.Elections.OpenObservationAsync(request.Election, cancellation);
        var snapshot = new GetLeaderResponse { Version = observation.Snapshot.Version };
        if (observation.Snapshot.Leader is { } leader)
        {
            snapshot.Leader = ProtoConvert.ToProto(leader);
        }

        await responseStream.WriteAsync(new ObserveResponse { Snapshot = snapshot }, cancellation);
        try
        {
            await foreach (var e in observation.ReadEventsAsync(cancellation))
            {
                await responseStream.WriteAsync(new ObserveResponse { Event = ProtoConvert.ToProto(e) }, cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client ended the observation.
        }
    }

    private static CampaignOptions Options(CampaignRequest request) =>
        new() { Group = request.Group.Length == 0 ? null : request.Group };

    private static CampaignResponse Keep(RelayedSession session, ILeadership leadership)
    {
        var key = new HoldKey(HoldKind.Leadership, leadership.Election, leadership.Term);
        session.AddHold(new Hold(key, leadership, leadership.ResignAsync), leadership.Lost);
        return new CampaignResponse { Elected = true, Term = leadership.Term };
    }
}
