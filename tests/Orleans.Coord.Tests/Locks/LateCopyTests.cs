using Orleans.Coord.Grains;
using Orleans.Coord.Locks;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;

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
        var reference = client.CreateObjectReference<ILockWaiter>(deaf);

        // A try that was granted and released: its late copies, as a try or as a queued request, grant nothing.
        var tried = Guid.NewGuid();
        var grant = await grain.TryAcquireAsync(b.SessionId, "b", tried, reference);
        Assert.NotNull(grant);
        Assert.True(await grain.ReleaseAsync(b.SessionId, grant.Token));
        Assert.Null(await grain.TryAcquireAsync(b.SessionId, "b", tried, reference));
        Assert.Equal(LockRequestStatus.Unknown, await grain.EnqueueAsync(b.SessionId, "b", tried, reference));
        Assert.Null(await grain.GetHolderAsync());
        Assert.Equal(0, await grain.GetQueueLengthAsync());

        // A queued request that was withdrawn: its late copy is not queued again.
        var held = await c.Locks.AcquireAsync(name, Long);
        var waited = Guid.NewGuid();
        Assert.Equal(LockRequestStatus.Queued, await grain.EnqueueAsync(b.SessionId, "b", waited, reference));
        Assert.True(await grain.CancelWaitAsync(waited));
        Assert.Equal(LockRequestStatus.Unknown, await grain.EnqueueAsync(b.SessionId, "b", waited, reference));
        Assert.Equal(0, await grain.GetQueueLengthAsync());
        Assert.True(await held.ReleaseAsync());
        Assert.Null(await grain.GetHolderAsync());

        // A new request of the same session is served as before.
        var fresh = await grain.TryAcquireAsync(b.SessionId, "b", Guid.NewGuid(), reference);
        Assert.NotNull(fresh);
        Assert.True(fresh.Token > held.FencingToken);
        Assert.True(await grain.ReleaseAsync(b.SessionId, fresh.Token));
        GC.KeepAlive(deaf);
    }

    [Fact]
    public async Task A_late_copy_of_a_semaphore_request_that_has_ended_grants_nothing()
    {
        var name = $"late-{Guid.NewGuid():N}";
        var client = fixture.ClientsBySilo[0];
        await using var b = await Coordinator.StartAsync(client, "b", new CoordinatorOptions());
        var grain = client.GetGrain<ISemaphoreGrain>(name);
        var deaf = new DeafWaiter();
        var reference = client.CreateObjectReference<ILockWaiter>(deaf);

        var tried = Guid.NewGuid();
        var grant = await grain.TryAcquireAsync(b.SessionId, "b", tried, 1, 2, reference);
        Assert.NotNull(grant);
        Assert.True(await grain.ReleaseAsync(b.SessionId, grant.Token));
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
        var reference = client.CreateObjectReference<ILockWaiter>(deaf);
        byte[] value = [1];

        var tried = Guid.NewGuid();
        var elected = await grain.TryCampaignAsync(b.SessionId, "b", tried, value, null, reference);
        Assert.NotNull(elected);
        Assert.True(await grain.ResignAsync(b.SessionId, elected.Token));
        Assert.Null(await grain.TryCampaignAsync(b.SessionId, "b", tried, value, null, reference));
        Assert.Equal(LockRequestStatus.Unknown, await grain.CampaignAsync(b.SessionId, "b", tried, value, null, reference));
        Assert.Null(await grain.GetLeaderAsync());
        Assert.Equal(0, (await grain.GetSnapshotAsync()).Candidates);
        GC.KeepAlive(deaf);
    }
}
