using Orleans.Coord.Grains;
using Orleans.Coord.Elections;
using Orleans.Coord.Locks;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Locks;

/// <summary>
/// The client sends an acquire or campaign again when no answer comes in time (a silo crash swallowed it, or the grain
/// was slow). The earlier copy can still arrive after the later one was answered and the hold released or the wait
/// withdrawn, e.g. forwarded from a dead silo to the grain's new activation. Such a late copy must grant nothing: a
/// hold it granted would belong to a live session that no longer waits for it, and nobody would release it.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class LateCopyTests(SharedClusterFixture fixture)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_late_copy_of_a_lock_request_that_has_ended_neither_grants_nor_queues()
    {
        await using var scene = await Scene.StartAsync(fixture, 1);
        var (name, b, c, grain, reference) = (scene.Name, scene.B, scene.C, scene.Grain<ILockGrain>(), scene.Observer);

        // A try that was granted and released: its late copies, as a try or as a queued request, grant nothing.
        var tried = Guid.NewGuid();
        var grant = await grain.TryAcquireAsync(b.SessionId, "b", tried, default, reference);
        Assert.NotNull(grant);
        Assert.True(await grain.ReleaseAsync(b.SessionId, Guid.NewGuid(), default, grant.Token));
        Assert.Null(await grain.TryAcquireAsync(b.SessionId, "b", tried, default, reference));
        Assert.Equal(LockRequestStatus.Unknown, await grain.EnqueueAsync(b.SessionId, "b", tried, default, reference));
        Assert.Null(await grain.GetHolderAsync());
        Assert.Equal(0, await grain.GetQueueLengthAsync());

        // A queued request that was withdrawn: its late copy is not queued again.
        var held = await c.Locks.AcquireAsync(name, Long);
        var waited = Guid.NewGuid();
        Assert.Equal(LockRequestStatus.Queued, await grain.EnqueueAsync(b.SessionId, "b", waited, default, reference));
        Assert.True(await grain.WithdrawAsync(b.SessionId, waited, default));
        Assert.Equal(LockRequestStatus.Unknown, await grain.EnqueueAsync(b.SessionId, "b", waited, default, reference));
        Assert.Equal(0, await grain.GetQueueLengthAsync());
        Assert.True(await held.ReleaseAsync());
        Assert.Null(await grain.GetHolderAsync());

        // A new request of the same session is served as before.
        var fresh = await grain.TryAcquireAsync(b.SessionId, "b", Guid.NewGuid(), default, reference);
        Assert.NotNull(fresh);
        Assert.True(fresh.Token > held.FencingToken);
        Assert.True(await grain.ReleaseAsync(b.SessionId, Guid.NewGuid(), default, fresh.Token));
    }

    [Fact]
    public async Task A_late_copy_of_a_request_the_session_has_moved_past_grants_nothing_even_after_later_requests_ended()
    {
        // Copies of requests that ended two or more requests ago: one withdrawn while queued, one refused as a try. The
        // session's later requests ended too (granted and released), so none of them is its last spent request; the
        // floor their order carried, or the spent requests the grain keeps, refuse the copies all the same.
        await using var scene = await Scene.StartAsync(fixture, 1);
        var (name, client, b, c, grain, reference) = (scene.Name, scene.Client, scene.B, scene.C, scene.Grain<ILockGrain>(), scene.Observer);

        var held = await c.Locks.AcquireAsync(name, Long);
        var withdrawn = Guid.NewGuid();
        Assert.Equal(LockRequestStatus.Queued, await grain.EnqueueAsync(b.SessionId, "b", withdrawn, new RequestOrder(1, 1), reference));
        Assert.True(await grain.WithdrawAsync(b.SessionId, withdrawn, new RequestOrder(1, 1)));
        var refused = Guid.NewGuid();
        Assert.Null(await grain.TryAcquireAsync(b.SessionId, "b", refused, new RequestOrder(2, 2), reference));
        Assert.True(await held.ReleaseAsync());
        for (var sequence = 3; sequence <= 4; sequence++)
        {
            var grant = await grain.TryAcquireAsync(b.SessionId, "b", Guid.NewGuid(), new RequestOrder(sequence, sequence), reference);
            Assert.NotNull(grant);
            Assert.True(await grain.ReleaseAsync(b.SessionId, Guid.NewGuid(), default, grant.Token));
        }

        Assert.Equal(LockRequestStatus.Unknown, await grain.EnqueueAsync(b.SessionId, "b", withdrawn, new RequestOrder(1, 1), reference));
        Assert.Null(await grain.TryAcquireAsync(b.SessionId, "b", refused, new RequestOrder(2, 2), reference));
        Assert.Null(await grain.GetHolderAsync());
        Assert.Equal(0, await grain.GetQueueLengthAsync());

        // Without order (every request numbered 0), each spent request is remembered: the same copies are refused.
        var unordered = Guid.NewGuid();
        await using var d = await Coordinator.StartAsync(client, "d", new CoordinatorOptions());
        held = await c.Locks.AcquireAsync(name, Long);
        Assert.Equal(LockRequestStatus.Queued, await grain.EnqueueAsync(d.SessionId, "d", unordered, default, reference));
        Assert.True(await grain.WithdrawAsync(d.SessionId, unordered, default));
        Assert.True(await held.ReleaseAsync());
        for (var round = 0; round < 2; round++)
        {
            var grant = await grain.TryAcquireAsync(d.SessionId, "d", Guid.NewGuid(), default, reference);
            Assert.NotNull(grant);
            Assert.True(await grain.ReleaseAsync(d.SessionId, Guid.NewGuid(), default, grant.Token));
        }

        Assert.Equal(LockRequestStatus.Unknown, await grain.EnqueueAsync(d.SessionId, "d", unordered, default, reference));
        Assert.Null(await grain.GetHolderAsync());
    }

    [Fact]
    public async Task A_copy_of_a_release_is_answered_as_the_first_until_a_later_request_passes_it_and_never_releases_a_later_grant()
    {
        // Releases carry their place in the session's order: the grain keeps a release's answer while the release may
        // be in flight, and forgets it once a later request's floor shows the client has its answer.
        await using var scene = await Scene.StartAsync(fixture, 1);
        var (b, grain, reference) = (scene.B, scene.Grain<ILockGrain>(), scene.Observer);

        var first = await grain.TryAcquireAsync(b.SessionId, "b", Guid.NewGuid(), new RequestOrder(1, 1), reference);
        Assert.NotNull(first);
        var release = Guid.NewGuid();
        Assert.True(await grain.ReleaseAsync(b.SessionId, release, new RequestOrder(2, 2), first.Token));
        Assert.True(await grain.ReleaseAsync(b.SessionId, release, new RequestOrder(2, 2), first.Token));

        // The next request's floor passes the release: a copy of it arriving now finds no grant of its token.
        var second = await grain.TryAcquireAsync(b.SessionId, "b", Guid.NewGuid(), new RequestOrder(3, 3), reference);
        Assert.NotNull(second);
        Assert.False(await grain.ReleaseAsync(b.SessionId, release, new RequestOrder(2, 2), first.Token));
        Assert.Equal(second.Token, (await grain.GetHolderAsync())!.Token);
        Assert.True(await grain.ReleaseAsync(b.SessionId, Guid.NewGuid(), new RequestOrder(4, 4), second.Token));
        Assert.Null(await grain.GetHolderAsync());
    }

    [Fact]
    public async Task A_copy_of_a_request_that_arrives_after_its_withdrawal_neither_grants_nor_queues()
    {
        // The client gave up and withdrew before the grain had seen the request (its calls were lost or late): the
        // withdrawal is recorded, so the request's copy that arrives afterwards is refused, on every kind of lease.
        await using var scene = await Scene.StartAsync(fixture, 0);
        var (b, reference) = (scene.B, scene.Observer);

        var lockGrain = scene.Grain<ILockGrain>();
        var request = Guid.NewGuid();
        Assert.False(await lockGrain.WithdrawAsync(b.SessionId, request, default));
        Assert.Equal(LockRequestStatus.Unknown, await lockGrain.EnqueueAsync(b.SessionId, "b", request, default, reference));
        Assert.Null(await lockGrain.TryAcquireAsync(b.SessionId, "b", request, default, reference));
        Assert.Null(await lockGrain.GetHolderAsync());

        var semaphore = scene.Grain<ISemaphoreGrain>();
        Assert.False(await semaphore.WithdrawAsync(b.SessionId, request, default));
        Assert.Equal(LockRequestStatus.Unknown, await semaphore.EnqueueAsync(b.SessionId, "b", request, default, 1, 2, reference));
        Assert.Empty(await semaphore.GetHoldersAsync());

        var election = scene.Grain<IElectionGrain>();
        Assert.False(await election.WithdrawAsync(b.SessionId, request, default));
        Assert.Equal(CandidacyStatus.Unknown, await election.CampaignAsync(b.SessionId, "b", request, default, [], null, reference));
        Assert.Null(await election.GetLeaderAsync());
    }

    [Fact]
    public async Task A_grant_pushed_to_a_client_that_no_longer_waits_for_it_is_given_back_at_once()
    {
        // A late copy of a request the client gave up on can still be queued (e.g. it reached the grain before the
        // withdrawal did, and the withdrawal was lost). When it is granted, the client's observer finds nobody waiting
        // for it and gives it back, so the lock does not stay with a session that does not know it holds it.
        var name = $"late-{Guid.NewGuid():N}";
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
        await using var b = await Coordinator.StartAsync(fixture.ClientsBySilo[1], "b", new CoordinatorOptions());
        var held = await a.Locks.AcquireAsync(name, Long);
        var grain = fixture.ClientsBySilo[1].GetGrain<ILockGrain>(name);
        var session = ((Coordinator)b).Session;
        await session.EnsureAttachedAsync(grain.GetGrainId(), CancellationToken.None);

        Assert.Equal(LockRequestStatus.Queued, await grain.EnqueueAsync(b.SessionId, "b", Guid.NewGuid(), default, session.LeaseObserver));
        Assert.True(await held.ReleaseAsync());
        await Poll.UntilAsync(async () => await grain.GetHolderAsync() is null, Long, "the grant nobody waits for is given back");
        await using var next = await a.Locks.TryAcquireAsync(name);
        Assert.NotNull(next);
        Assert.Equal(0, session.Leases.Remembered);
    }

    [Fact]
    public async Task A_late_copy_of_a_semaphore_request_that_has_ended_grants_nothing()
    {
        await using var scene = await Scene.StartAsync(fixture, 0);
        var (b, grain, reference) = (scene.B, scene.Grain<ISemaphoreGrain>(), scene.Observer);

        var tried = Guid.NewGuid();
        var grant = await grain.TryAcquireAsync(b.SessionId, "b", tried, default, 1, 2, reference);
        Assert.NotNull(grant);
        Assert.True(await grain.ReleaseAsync(b.SessionId, Guid.NewGuid(), default, grant.Token));
        Assert.Null(await grain.TryAcquireAsync(b.SessionId, "b", tried, default, 1, 2, reference));
        Assert.Equal(LockRequestStatus.Unknown, await grain.EnqueueAsync(b.SessionId, "b", tried, default, 1, 2, reference));
        Assert.Empty(await grain.GetHoldersAsync());
        Assert.Equal(0, await grain.GetQueueLengthAsync());
    }

    [Fact]
    public async Task A_late_copy_of_a_campaign_that_has_ended_elects_nobody()
    {
        await using var scene = await Scene.StartAsync(fixture, 2);
        var (b, grain, reference) = (scene.B, scene.Grain<IElectionGrain>(), scene.Observer);
        byte[] value = [1];

        var tried = Guid.NewGuid();
        var elected = await grain.TryCampaignAsync(b.SessionId, "b", tried, default, value, null, reference);
        Assert.NotNull(elected);
        Assert.True(await grain.ResignAsync(b.SessionId, Guid.NewGuid(), default, elected.Term));
        Assert.Null(await grain.TryCampaignAsync(b.SessionId, "b", tried, default, value, null, reference));
        Assert.Equal(CandidacyStatus.Unknown, await grain.CampaignAsync(b.SessionId, "b", tried, default, value, null, reference));
        Assert.Null(await grain.GetLeaderAsync());
        Assert.Equal(0, (await grain.GetSnapshotAsync()).Candidates);
    }

    [Fact]
    public async Task A_late_copy_of_a_proclaim_does_not_bring_back_an_older_value()
    {
        await using var scene = await Scene.StartAsync(fixture, 0);
        var (b, grain, reference) = (scene.B, scene.Grain<IElectionGrain>(), scene.Observer);

        var elected = await grain.TryCampaignAsync(b.SessionId, "b", Guid.NewGuid(), new RequestOrder(1, 1), [1], null, reference);
        Assert.NotNull(elected);
        var first = Guid.NewGuid();
        await grain.ProclaimAsync(b.SessionId, first, new RequestOrder(2, 2), "b", elected.Term, [2]);
        var latest = await grain.ProclaimAsync(b.SessionId, Guid.NewGuid(), new RequestOrder(3, 3), "b", elected.Term, [3]);

        Assert.Equal(latest, await grain.ProclaimAsync(b.SessionId, first, new RequestOrder(2, 2), "b", elected.Term, [2]));
        Assert.Equal([3], (await grain.GetLeaderAsync())!.Value);
        Assert.True(await grain.ResignAsync(b.SessionId, Guid.NewGuid(), default, elected.Term));
    }

    /// <summary>
    /// Two sessions, b (on the client of the given silo) and c (on the next silo's), a fresh name, and an observer that
    /// answers no push, for calls made straight to a grain as a client's late copies would be.
    /// </summary>
    private sealed class Scene : IAsyncDisposable
    {
        private readonly DeafWaiter _deaf = new();

        private Scene(IClusterClient client, ICoordinator b, ICoordinator c)
        {
            (Client, B, C) = (client, b, c);
            Observer = client.CreateObjectReference<ILeaseObserver>(_deaf);
        }

        public string Name { get; } = $"late-{Guid.NewGuid():N}";

        public IClusterClient Client { get; }

        public ICoordinator B { get; }

        public ICoordinator C { get; }

        public ILeaseObserver Observer { get; }

        public static async Task<Scene> StartAsync(SharedClusterFixture fixture, int silo)
        {
            var client = fixture.ClientsBySilo[silo];
            var b = await Coordinator.StartAsync(client, "b", new CoordinatorOptions());
            var c = await Coordinator.StartAsync(fixture.ClientsBySilo[(silo + 1) % fixture.ClientsBySilo.Length], "c", new CoordinatorOptions());
            return new Scene(client, b, c);
        }

        /// <summary>The grain of kind <typeparamref name="TGrain"/> with the scene's name, seen from b's client.</summary>
        public TGrain Grain<TGrain>()
            where TGrain : IGrainWithStringKey => Client.GetGrain<TGrain>(Name);

        public async ValueTask DisposeAsync()
        {
            await B.DisposeAsync();
            await C.DisposeAsync();
            GC.KeepAlive(_deaf);
        }
    }
}
