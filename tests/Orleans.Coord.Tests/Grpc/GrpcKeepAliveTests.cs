using System.Diagnostics;
using Grpc.Core;
using Orleans.Coord.Grpc.V1;

namespace Orleans.Coord.Tests.Grpc;

/// <summary>
/// The keep-alive stream against a real silo process: it renews the session and carries the lost notices of the
/// session's lock holds and leaderships; when it breaks, the session is neither renewed nor released early, and expires
/// after its TTL with exactly one Expired event.
/// </summary>
[Collection(GrpcSiloCollection.Name)]
public sealed class GrpcKeepAliveTests(GrpcSiloFixture silo) : IDisposable
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);
    private readonly GrpcApi _api = new(silo.GrpcPort);

    public void Dispose() => _api.Dispose();

    private static string Name(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_broken_keep_alive_stream_lets_the_session_expire_after_its_ttl_with_one_expired_event()
    {
        var watcher = await _api.StartSessionAsync(Name("watcher"));
        var memberId = Name("member");
        var member = await _api.StartSessionAsync(memberId, Ttl);
        var group = Name("g");
        await _api.Groups.CreateGroupAsync(new GroupRequest { SessionId = watcher, Group = group });
        using var keepAlive = _api.Sessions.KeepAlive();

        // Renew for longer than a TTL: the stream alone keeps the session.
        await _api.Groups.JoinGroupAsync(new JoinGroupRequest { SessionId = member, Group = group });
        var renewedUntil = Stopwatch.StartNew();
        while (renewedUntil.Elapsed < Ttl * 1.5)
        {
            await keepAlive.RequestStream.WriteAsync(new KeepAliveRequest { SessionId = member });
            Assert.True(await keepAlive.ResponseStream.MoveNext(CancellationToken.None));
            Assert.NotNull(keepAlive.ResponseStream.Current.Renewed);
            await Task.Delay(Ttl / 4); // the client's renewal interval
        }

        using var stopWatching = new CancellationTokenSource();
        using var watch = _api.Groups.Watch(new GroupRequest { SessionId = watcher, Group = group }, cancellationToken: stopWatching.Token);
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Contains(watch.ResponseStream.Current.Snapshot.Members, m => m.MemberId == memberId);

        // The stream breaks: the client's call ends without a word (as when its process dies).
        await keepAlive.RequestStream.WriteAsync(new KeepAliveRequest { SessionId = member });
        Assert.True(await keepAlive.ResponseStream.MoveNext(CancellationToken.None));
        var lastRenewal = Stopwatch.StartNew();
        keepAlive.Dispose();

        var events = new List<GroupEvent>();
        var reader = Task.Run(async () =>
        {
            try
            {
                while (await watch.ResponseStream.MoveNext(stopWatching.Token))
                {
                    lock (events)
                    {
                        events.Add(watch.ResponseStream.Current.Event);
                    }
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
            {
            }
        });

        // Not released early: still a member well into the TTL.
        await Task.Delay(Ttl / 2);
        Assert.True((await _api.Groups.IsMemberUpAsync(new MemberRequest { SessionId = watcher, Group = group, MemberId = memberId })).Up);

        await Poll.UntilAsync(() => { lock (events) { return events.Count > 0; } }, Ttl * 5, "the member's session expires");
        var expiredAfter = lastRenewal.Elapsed;
        Assert.True(expiredAfter >= Ttl * 0.9, $"The session ended {expiredAfter} after its last renewal, before its TTL of {Ttl}.");

        // Exactly one event: Expired, not Left, and nothing after it.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stopWatching.CancelAsync();
        await reader;
        var only = Assert.Single(events);
        Assert.Equal((memberId, GroupEventKind.Expired), (only.MemberId, only.Kind));
        var gone = await GrpcApi.FailureOfAsync(() => _api.Groups.ListGroupsAsync(new ListGroupsRequest { SessionId = member }).ResponseAsync);
        Assert.Equal((StatusCode.NotFound, "SessionNotFound"), (gone.Code, gone.Type));
    }

    [Fact]
    public async Task A_keep_alive_stream_opened_after_the_previous_one_ended_renews_the_session()
    {
        var member = await _api.StartSessionAsync(Name("member"), Ttl);
        for (var stream = 0; stream < 3; stream++)
        {
            using var keepAlive = _api.Sessions.KeepAlive();
            await keepAlive.RequestStream.WriteAsync(new KeepAliveRequest { SessionId = member });
            Assert.True(await keepAlive.ResponseStream.MoveNext(CancellationToken.None), $"stream {stream} answers its first renewal");
            Assert.NotNull(keepAlive.ResponseStream.Current.Renewed);

            // The client ends the stream, as a client does before it forks or when it reconnects, and the call completes.
            await keepAlive.RequestStream.CompleteAsync();
            Assert.False(await keepAlive.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.OK, keepAlive.GetStatus().StatusCode);
        }

        await _api.Sessions.EndSessionAsync(new EndSessionRequest { SessionId = member });
    }

    [Fact]
    public async Task Broken_locks_and_a_lost_leadership_are_told_on_the_keep_alive_stream()
    {
        var holderId = Name("holder");
        var holder = await _api.StartSessionAsync(holderId);
        var other = await _api.StartSessionAsync(Name("other"));
        using var keepAlive = _api.Sessions.KeepAlive();
        await keepAlive.RequestStream.WriteAsync(new KeepAliveRequest { SessionId = holder });
        Assert.True(await keepAlive.ResponseStream.MoveNext(CancellationToken.None));

        var lockName = Name("lock");
        var grant = await _api.Locks.AcquireAsync(new AcquireRequest { SessionId = holder, Name = lockName, TimeoutMs = 0 });
        Assert.True((await _api.Locks.BreakAsync(new LockRequest { SessionId = other, Name = lockName })).Broken);
        var lockLost = await NextNoticeAsync(keepAlive);
        Assert.Equal((HoldKind.Lock, lockName, grant.FencingToken), (lockLost.Kind, lockLost.Name, lockLost.Token));
        Assert.False((await _api.Locks.ReleaseAsync(new HoldRequest { SessionId = holder, Name = lockName, FencingToken = grant.FencingToken })).Released);

        // Breaking a reader-writer lock ends every hold: here two reads of the holder, each told on the stream.
        var rwName = Name("rw");
        var firstRead = await _api.Locks.AcquireAsync(new AcquireRequest { SessionId = holder, Name = rwName, Kind = HoldKind.Read, TimeoutMs = 0 });
        var secondRead = await _api.Locks.AcquireAsync(new AcquireRequest { SessionId = holder, Name = rwName, Kind = HoldKind.Read, TimeoutMs = 0 });
        Assert.False((await _api.Locks.TryAcquireAsync(new AcquireRequest { SessionId = other, Name = rwName, Kind = HoldKind.Write })).Acquired);
        Assert.True((await _api.Locks.BreakAsync(new LockRequest { SessionId = other, Name = rwName, Kind = HoldKind.Write })).Broken);
        var readsLost = new[] { await NextNoticeAsync(keepAlive), await NextNoticeAsync(keepAlive) };
        Assert.All(readsLost, n => Assert.Equal((HoldKind.Read, rwName), (n.Kind, n.Name)));
        Assert.Equal(new[] { firstRead.FencingToken, secondRead.FencingToken }.Order(), readsLost.Select(n => n.Token).Order());
        Assert.True((await _api.Locks.TryAcquireAsync(new AcquireRequest { SessionId = other, Name = rwName, Kind = HoldKind.Write })).Acquired);
        Assert.False((await _api.Locks.BreakAsync(new LockRequest { SessionId = other, Name = Name("free"), Kind = HoldKind.Read })).Broken);

        // A group-tied leadership is lost when its member leaves the group.
        var group = Name("g");
        await _api.Groups.JoinGroupAsync(new JoinGroupRequest { SessionId = holder, Group = group, Create = true });
        var election = Name("e");
        var leadership = await _api.Elections.CampaignAsync(new CampaignRequest { SessionId = holder, Election = election, Group = group, TimeoutMs = -1 });
        Assert.True(leadership.Elected);
        await _api.Groups.LeaveGroupAsync(new GroupRequest { SessionId = holder, Group = group });
        var leadershipLost = await NextNoticeAsync(keepAlive);
        Assert.Equal((HoldKind.Leadership, election, leadership.Term), (leadershipLost.Kind, leadershipLost.Name, leadershipLost.Token));
        Assert.False((await _api.Elections.ResignAsync(new LeadershipRequest { SessionId = holder, Election = election, Term = leadership.Term })).Resigned);

        await keepAlive.RequestStream.CompleteAsync();
        await _api.Sessions.EndSessionAsync(new EndSessionRequest { SessionId = holder });
    }

    private static async Task<LostNotice> NextNoticeAsync(AsyncDuplexStreamingCall<KeepAliveRequest, KeepAliveResponse> keepAlive)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (await keepAlive.ResponseStream.MoveNext(timeout.Token))
        {
            if (keepAlive.ResponseStream.Current.Lost is { } notice)
            {
                return notice;
            }
        }

        throw new InvalidOperationException("The keep-alive stream ended without a lost notice.");
    }
}
