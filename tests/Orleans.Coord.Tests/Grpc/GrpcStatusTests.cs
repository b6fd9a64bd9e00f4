using Google.Protobuf;
using Grpc.Core;
using Orleans.Coord.Grpc.V1;

namespace Orleans.Coord.Tests.Grpc;

/// <summary>
/// Every status code of the gRPC API, against a real silo process: each typed error arrives with its code and its
/// error type in the <c>coord-error-type</c> trailer, and bad input changes nothing.
/// </summary>
[Collection(GrpcSiloCollection.Name)]
public sealed class GrpcStatusTests(GrpcSiloFixture silo) : IDisposable
{
    private readonly GrpcApi _api = new(silo.GrpcPort);

    public void Dispose() => _api.Dispose();

    private static string Name(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Not_found_tells_a_missing_group_from_a_member_not_joined_and_an_unknown_session()
    {
        var session = await _api.StartSessionAsync(Name("m"));
        var group = Name("g");

        var missingGroup = await GrpcApi.FailureOfAsync(() => _api.Groups.DeleteGroupAsync(new GroupRequest { SessionId = session, Group = group }).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, "GroupNotFound"), (missingGroup.Code, missingGroup.Type));

        await _api.Groups.CreateGroupAsync(new GroupRequest { SessionId = session, Group = group });
        var notJoined = await GrpcApi.FailureOfAsync(() => _api.Groups.LeaveGroupAsync(new GroupRequest { SessionId = session, Group = group }).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, "MemberNotJoined"), (notJoined.Code, notJoined.Type));

        var unknown = await GrpcApi.FailureOfAsync(() => _api.Groups.ListGroupsAsync(new ListGroupsRequest { SessionId = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, "SessionNotFound"), (unknown.Code, unknown.Type));
    }

    [Fact]
    public async Task Already_exists_and_failed_precondition_carry_their_error_types()
    {
        var member = Name("m");
        var first = await _api.StartSessionAsync(member);
        var second = await _api.StartSessionAsync(member);
        var group = Name("g");
        await _api.Groups.CreateGroupAsync(new GroupRequest { SessionId = first, Group = group });

        var exists = await GrpcApi.FailureOfAsync(() => _api.Groups.CreateGroupAsync(new GroupRequest { SessionId = first, Group = group }).ResponseAsync);
        Assert.Equal((StatusCode.AlreadyExists, "GroupAlreadyExists"), (exists.Code, exists.Type));

        await _api.Groups.JoinGroupAsync(new JoinGroupRequest { SessionId = first, Group = group });
        var joined = await GrpcApi.FailureOfAsync(() => _api.Groups.JoinGroupAsync(new JoinGroupRequest { SessionId = second, Group = group }).ResponseAsync);
        Assert.Equal((StatusCode.AlreadyExists, "MemberAlreadyJoined"), (joined.Code, joined.Type));

        var notEmpty = await GrpcApi.FailureOfAsync(() => _api.Groups.DeleteGroupAsync(new GroupRequest { SessionId = first, Group = group }).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "GroupNotEmpty"), (notEmpty.Code, notEmpty.Type));

        var notLeader = await GrpcApi.FailureOfAsync(() => _api.Elections.ProclaimAsync(new ProclaimRequest { SessionId = first, Election = Name("e"), Term = 7 }).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "NotLeader"), (notLeader.Code, notLeader.Type));
    }

    [Fact]
    public async Task Invalid_arguments_name_the_argument_and_the_limit_and_change_nothing()
    {
        var session = await _api.StartSessionAsync(Name("m"));
        var group = Name("g");
        await _api.Groups.CreateGroupAsync(new GroupRequest { SessionId = session, Group = group });

        var longName = new string('x', 257);
        var name = await GrpcApi.FailureOfAsync(() => _api.Groups.CreateGroupAsync(new GroupRequest { SessionId = session, Group = longName }).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, "InvalidArgument"), (name.Code, name.Type));
        Assert.Contains("group", name.Detail);
        Assert.Contains("256", name.Detail);

        var capabilities = ByteString.CopyFrom(new byte[(64 * 1024) + 1]);
        var payload = await GrpcApi.FailureOfAsync(() => _api.Groups.JoinGroupAsync(new JoinGroupRequest { SessionId = session, Group = group, Capabilities = capabilities }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, payload.Code);
        Assert.Contains("capabilities", payload.Detail);
        Assert.Contains("65536", payload.Detail);

        var ttl = await GrpcApi.FailureOfAsync(() => _api.Sessions.StartSessionAsync(new StartSessionRequest { MemberId = Name("m"), TtlMs = 500 }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ttl.Code);
        Assert.Contains("ttl_ms", ttl.Detail);

        var sessionId = await GrpcApi.FailureOfAsync(() => _api.Groups.ListGroupsAsync(new ListGroupsRequest { SessionId = "not-a-session" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, sessionId.Code);
        Assert.Contains("session_id", sessionId.Detail);

        var groups = await _api.Groups.ListGroupsAsync(new ListGroupsRequest { SessionId = session });
        Assert.DoesNotContain(longName, groups.Groups);
        var members = await _api.Groups.GetMembersAsync(new GroupRequest { SessionId = session, Group = group });
        Assert.Empty(members.Members);
    }

    [Fact]
    public async Task A_wait_that_runs_out_is_deadline_exceeded_and_a_try_answers_false()
    {
        var holder = await _api.StartSessionAsync(Name("holder"));
        var waiter = await _api.StartSessionAsync(Name("waiter"));
        var name = Name("lock");
        var grant = await _api.Locks.AcquireAsync(new AcquireRequest { SessionId = holder, Name = name, TimeoutMs = -1 });
        Assert.True(grant.Acquired);
        Assert.True(grant.FencingToken > 0);

        var timedOut = await GrpcApi.FailureOfAsync(() => _api.Locks.AcquireAsync(new AcquireRequest { SessionId = waiter, Name = name, TimeoutMs = 200 }).ResponseAsync);
        Assert.Equal((StatusCode.DeadlineExceeded, "Timeout"), (timedOut.Code, timedOut.Type));
        Assert.False((await _api.Locks.TryAcquireAsync(new AcquireRequest { SessionId = waiter, Name = name })).Acquired);

        var election = Name("e");
        Assert.True((await _api.Elections.CampaignAsync(new CampaignRequest { SessionId = holder, Election = election, TimeoutMs = -1 })).Elected);
        var notElected = await GrpcApi.FailureOfAsync(() => _api.Elections.CampaignAsync(new CampaignRequest { SessionId = waiter, Election = election, TimeoutMs = 200 }).ResponseAsync);
        Assert.Equal(StatusCode.DeadlineExceeded, notElected.Code);
        var leader = await _api.Elections.GetLeaderAsync(new ElectionRequest { SessionId = waiter, Election = election });
        Assert.Equal(holder, leader.Leader.SessionId);
    }

    [Fact]
    public async Task Cancelling_a_blocking_acquire_withdraws_the_request()
    {
        var holder = await _api.StartSessionAsync(Name("holder"));
        var waiter = await _api.StartSessionAsync(Name("waiter"));
        var third = await _api.StartSessionAsync(Name("third"));
        var name = Name("lock");
        var grant = await _api.Locks.AcquireAsync(new AcquireRequest { SessionId = holder, Name = name, TimeoutMs = -1 });

        using var cancel = new CancellationTokenSource();
        var waiting = _api.Locks.AcquireAsync(new AcquireRequest { SessionId = waiter, Name = name, TimeoutMs = -1 }, cancellationToken: cancel.Token);
        await Task.Delay(200); // let the request reach the lock's queue before it is withdrawn
        await cancel.CancelAsync();
        var cancelled = await GrpcApi.FailureOfAsync(() => waiting.ResponseAsync);
        Assert.Equal(StatusCode.Cancelled, cancelled.Code);

        Assert.True((await _api.Locks.ReleaseAsync(new HoldRequest { SessionId = holder, Name = name, FencingToken = grant.FencingToken })).Released);
        await Poll.UntilAsync(async () => (await _api.Locks.TryAcquireAsync(new AcquireRequest { SessionId = third, Name = name })).Acquired,
            TimeSpan.FromSeconds(10), "the lock passes to a new session, not to the withdrawn request");
        var holders = await _api.Locks.GetHoldersAsync(new HoldersRequest { SessionId = third, Name = name });
        Assert.Equal(third, Assert.Single(holders.Holders).SessionId);
    }

    [Fact]
    public async Task Too_large_a_message_and_too_many_streams_are_resource_exhausted()
    {
        var session = await _api.StartSessionAsync(Name("m"));
        var group = Name("g");
        await _api.Groups.CreateGroupAsync(new GroupRequest { SessionId = session, Group = group });

        var huge = ByteString.CopyFrom(new byte[300 * 1024]);
        var tooLarge = await GrpcApi.FailureOfAsync(() => _api.Groups.JoinGroupAsync(new JoinGroupRequest { SessionId = session, Group = group, Capabilities = huge }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, tooLarge.Code);
        Assert.Empty((await _api.Groups.GetMembersAsync(new GroupRequest { SessionId = session, Group = group })).Members);

        using var stop = new CancellationTokenSource();
        var watches = new List<AsyncServerStreamingCall<WatchGroupResponse>>();
        for (var i = 0; i < GrpcSiloFixture.MaxStreamsPerSession; i++)
        {
            var watch = _api.Groups.Watch(new GroupRequest { SessionId = session, Group = group }, cancellationToken: stop.Token);
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
            Assert.NotNull(watch.ResponseStream.Current.Snapshot);
            watches.Add(watch);
        }

        var oneTooMany = _api.Groups.Watch(new GroupRequest { SessionId = session, Group = group });
        var exhausted = await GrpcApi.FailureOfAsync(() => oneTooMany.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal((StatusCode.ResourceExhausted, "LimitExceeded"), (exhausted.Code, exhausted.Type));
        Assert.Contains("MaxStreamsPerSession", exhausted.Detail);

        await stop.CancelAsync();
        foreach (var watch in watches)
        {
            watch.Dispose();
        }

        // The slots are free again once the watches ended.
        await Poll.UntilAsync(async () =>
        {
            using var again = _api.Groups.Watch(new GroupRequest { SessionId = session, Group = group });
            try
            {
                return await again.ResponseStream.MoveNext(CancellationToken.None);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10), "a watch can be opened again after the others ended");
    }
}
