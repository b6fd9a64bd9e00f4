using Grpc.Core;
using Orleans.Coord.Grpc.Sessions;
using Orleans.Coord.Grpc.V1;

namespace Orleans.Coord.Grpc.Services;

/// <summary>orleans.coord.v1.Groups: Tooz's group API and watches, on behalf of a relayed session.</summary>
internal sealed class GroupsService(SessionRelay relay) : V1.Groups.GroupsBase
{
    private static readonly GroupReply Done = new();

    public override async Task<GroupReply> CreateGroup(GroupRequest request, ServerCallContext context)
    {
        await relay.Get(request.SessionId).Coordinator.Groups.CreateAsync(request.Group, context.CancellationToken);
        return Done;
    }

    public override async Task<GroupReply> DeleteGroup(GroupRequest request, ServerCallContext context)
    {
        await relay.Get(request.SessionId).Coordinator.Groups.DeleteAsync(request.Group, context.CancellationToken);
        return Done;
    }

    public override async Task<ListGroupsResponse> ListGroups(ListGroupsRequest request, ServerCallContext context)
    {
        var groups = await relay.Get(request.SessionId).Coordinator.Groups.ListAsync(context.CancellationToken);
        var response = new ListGroupsResponse();
        response.Groups.Add(groups);
        return response;
    }

    public override async Task<GroupReply> JoinGroup(JoinGroupRequest request, ServerCallContext context)
    {
        var groups = relay.Get(request.SessionId).Coordinator.Groups;
        var capabilities = request.Capabilities.Memory;
        await (request.Create
            ? groups.JoinOrCreateAsync(request.Group, capabilities, context.CancellationToken)
            : groups.JoinAsync(request.Group, capabilities, context.CancellationToken));
        return Done;
    }

    public override async Task<GroupReply> LeaveGroup(GroupRequest request, ServerCallContext context)
    {
        await relay.Get(request.SessionId).Coordinator.Groups.LeaveAsync(request.Group, context.CancellationToken);
        return Done;
    }

    public override async Task<GetMembersResponse> GetMembers(GroupRequest request, ServerCallContext context)
    {
        var snapshot = await relay.Get(request.SessionId).Coordinator.Groups.GetSnapshotAsync(request.Group, context.CancellationToken);
        return ProtoConvert.ToProto(snapshot);
    }

    public override async Task<Member> GetMember(MemberRequest request, ServerCallContext context)
    {
        var member = await relay.Get(request.SessionId).Coordinator.Groups.GetMemberAsync(request.Group, request.MemberId, context.CancellationToken);
        return ProtoConvert.ToProto(member);
    }

    public override async Task<GroupReply> UpdateCapabilities(UpdateCapabilitiesRequest request, ServerCallContext context)
    {
        await relay.Get(request.SessionId).Coordinator.Groups.UpdateCapabilitiesAsync(request.Group, request.Capabilities.Memory, context.CancellationToken);
        return Done;
    }

    public override async Task<IsMemberUpResponse> IsMemberUp(MemberRequest request, ServerCallContext context)
    {
        var up = await relay.Get(request.SessionId).Coordinator.Groups.IsMemberUpAsync(request.Group, request.MemberId, context.CancellationToken);
        return new IsMemberUpResponse { Up = up };
    }

    public override async Task Watch(GroupRequest request, IServerStreamWriter<WatchGroupResponse> responseStream, ServerCallContext context)
    {
        var session = relay.Get(request.SessionId);
        using var slot = session.OpenStream();
        var cancellation = context.CancellationToken;
        await using var watch = await session.Coordinator.Groups.OpenWatchAsync(request.Group, cancellation);
        await responseStream.WriteAsync(new WatchGroupResponse { Snapshot = ProtoConvert.ToProto(watch.Snapshot) }, cancellation);
        try
        {
            await foreach (var e in watch.ReadEventsAsync(cancellation))
            {
                await responseStream.WriteAsync(new WatchGroupResponse { Event = ProtoConvert.ToProto(e) }, cancellation);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client ended the watch.
        }
    }
}
