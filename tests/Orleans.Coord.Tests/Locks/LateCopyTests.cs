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
        var name = $"late-{Guid.NewGuid():N}";
        var client = fixture.ClientsBySilo[1];
        await using var b = await Coordinator.StartAsync(client, "b", new CoordinatorOptions());
        await using var c = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "c", new CoordinatorOptions());
        var grain = client.GetGrain<ILockGrain>(name);
        var deaf = new DeafWaiter();
        var reference = client.CreateObjectReference<ILeaseObserver>(deaf);

        // A try that was granted and released: its late copies, as a try or as a queued request, grant nothing.
        var tried = Guid.NewGuid();
        var grant = await grain.TryAcquireAsync(b.SessionId, "b", tried, reference);
        Assert.NotNull(grant);
        Assert.True(await grain.ReleaseAsync(b.SessionId, Guid.NewGuid(), grant.Token));
        Assert.Null(await grain.TryAcquireAsync(b.SessionId, "b", tried, reference));
        Assert.Equal(LockRequestStatus.Unknown, await grain.EnqueueAsync(b.SessionId, "b", tried, reference));
        Assert.Null(await grain.GetHolderAsync());
        Assert.Equal(0, await grain.GetQueueLengthAsync());

        // A queued request that was withdrawn: its late copy is not queued again.
        var held = await c.Locks.AcquireAsync(name, Long);
        var waited = Guid.NewGuid();
        Assert.Equal(LockRequestStatus.Queued, await grain.EnqueueAsync(b.SessionId, "b", waited, reference));
        Assert.True(await grain.WithdrawAsync(b.SessionId, waited));
        Assert.Equal(LockRequestStatus.Unknown, await grain.EnqueueAsync(b.SessionId, "b", waited, reference));
        Assert.Equal(0, await grain.GetQueueLengthAsync());
        Assert.True(await held.ReleaseAsync());
        Assert.Null(await grain.GetHolderAsync());

        // A new request of the same session is served as before.
        var fresh = await grain.TryAcquireAsync(b.SessionId, "b", Guid.NewGuid(), reference);
        Assert.NotNull(fresh);
        Assert.True(fresh.Token > held.FencingToken);
        Assert.True(await grain.ReleaseAsync(b.SessionId, Guid.NewGuid(), fresh.Token));
        GC.KeepAlive(deaf);
    }

    [Fact]
    public async Task A_copy_of_a_request_that_arrives_after_its_withdrawal_neither_grants_nor_queues()
    {
        // The client gave up and withdrew before the grain had seen the request (its calls were lost or late): the
        // withdrawal is recorded, so the request's copy that arrives afterwards is refused, on every kind of lease.
        var name = $"late-{Guid.NewGuid():N}";
        var client = fixture.ClientsBySilo[0];
        await using var b = await Coordinator.StartAsync(client, "b", new CoordinatorOptions());
        var deaf = new DeafWaiter();
        var reference = client.CreateObjectReference<ILeaseObserver>(deaf);

        var lockGrain = client.GetGrain<ILockGrain>(name);
        var request = Guid.NewGuid();
        Assert.False(await lockGrain.WithdrawAsync(b.SessionId, request));
        Assert.Equal(LockRequestStatus.Unknown, await lockGrain.EnqueueAsync(b.SessionId, "b", request, reference));
        Assert.Null(await lockGrain.TryAcquireAsync(b.SessionId, "b", request, reference));
        Assert.Null(await lockGrain.GetHolderAsync());

        var semaphore = client.GetGrain<ISemaphoreGrain>(name);
        Assert.False(await semaphore.WithdrawAsync(b.SessionId, request));
        Assert.Equal(LockRequestStatus.Unknown, await semaphore.EnqueueAsync(b.SessionId, "b", request, 1, 2, reference));
        Assert.Empty(await semaphore.GetHoldersAsync());

        var election = client.GetGrain<IElectionGrain>(name);
        Assert.False(await election.WithdrawAsync(b.SessionId, request));
        Assert.Equal(CandidacyStatus.Unknown, await election.CampaignAsync(b.SessionId, "b", request, [], null, reference));
        Assert.Null(await election.GetLeaderAsync());
        GC.KeepAlive(deaf);
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

        Assert.Equal(LockRequestStatus.Queued, await grain.EnqueueAsync(b.SessionId, "b", Guid.NewGuid(), session.LeaseObserver));
        Assert.True(await held.ReleaseAsync());
        await Poll.UntilAsync(async () => await grain.GetHolderAsync() is null, Long, "the grant nobody waits for is given back");
        await using var next = await a.Locks.TryAcquireAsync(name);
        Assert.NotNull(next);
        Assert.Equal(0, session.Leases.Remembered);
    }

    [Fact]
    public async Task A_late_copy_of_a_semaphore_request_that_has_ended_grants_nothing()
    {
        var name = $"late-{Guid.NewGuid():N}";
        var client = fixture.ClientsBySilo[0];
        await using var b = await Coordinator.StartAsync(client, "b", new CoordinatorOptions());
        var grain = client.GetGrain<ISemaphoreGrain>(name);
        var deaf = new DeafWaiter();
        var reference = client.CreateObjectReference<ILeaseObserver>(deaf);

        var tried = Guid.NewGuid();
        var grant = await grain.TryAcquireAsync(b.SessionId, "b", tried, 1, 2, reference);
        Assert.NotNull(grant);
        Assert.True(await grain.ReleaseAsync(b.SessionId, Guid.NewGuid(), grant.Token));
        Assert.Null(await grain.TryAcquireAsync(b.SessionId, "b", tried, 1, 2, reference));
        Assert.Equal(LockRequestStatus.Unknown, await grain.EnqueueAsync(b.SessionId, "b", tried, 1, 2, reference));
        Assert.Empty(await grain.GetHoldersAsync());
        Assert.Equal(0, await grain.GetQueueLengthAsync());
        GC.KeepAlive(deaf);
    }

    [Fact]
    public async Task A_late_copy_of_a_campaign_that_has_ended_elects_nobody()
    {
        var name = $"late-{Guid.NewGuid():N}";
        var client = fixture.ClientsBySilo[2];
        await using var b = await Coordinator.StartAsync(client, "b", new CoordinatorOptions());
        var grain = client.GetGrain<IElectionGrain>(name);
        var deaf = new DeafWaiter();
        var reference = client.CreateObjectReference<ILeaseObserver>(deaf);
        byte[] value = [1];

        var tried = Guid.NewGuid();
        var elected = await grain.TryCampaignAsync(b.SessionId, "b", tried, value, null, reference);
        Assert.NotNull(elected);
        Assert.True(await grain.ResignAsync(b.SessionId, Guid.NewGuid(), elected.Term));
        Assert.Null(await grain.TryCampaignAsync(b.SessionId, "b", tried, value, null, reference));
        Assert.Equal(CandidacyStatus.Unknown, await grain.CampaignAsync(b.SessionId, "b", tried, value, null, reference));
        Assert.Null(await grain.GetLeaderAsync());
        Assert.Equal(0, (await grain.GetSnapshotAsync()).Candidates);
        GC.KeepAlive(deaf);
    }
}
