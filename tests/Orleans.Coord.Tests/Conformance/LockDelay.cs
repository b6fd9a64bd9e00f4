using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Client;
using Orleans.Coord.Grains;
using Orleans.Coord.Server;
using Orleans.Coord.Tests.Infrastructure;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>
/// Chubby's lock-delay (<see cref="CoordLockOptions.LockDelay"/>, <see cref="LockDelay"/> on a second cluster of the
/// same backend): after a holder's lease expires, nobody gets the lock until the delay has passed; a clean release still
/// hands it on at once.
/// </summary>
public abstract partial class ConformanceTests
{
    [Fact]
    public async Task An_expired_holders_lock_stays_ungranted_for_the_lock_delay()
    {
        var name = NewName("delay");
        var delayed = await Cluster.LockDelayClusterAsync();
        var client = delayed.ClientOnSilo(0);
        await using var waiter = await Coordinator.StartAsync(client, "waiter", new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(30) });
        await using var bystander = await Coordinator.StartAsync(client, "bystander", new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(30) });

        // The holder runs on a client the test tears down as if its process died.
        var host = await delayed.StartDisposableClientAsync(1);
        var holder = await Coordinator.StartAsync(host.Services.GetRequiredService<IClusterClient>(), "holder", new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(2) });
        var held = await holder.Locks.AcquireAsync(name, TimeSpan.FromSeconds(10));
        var waiting = waiter.Locks.AcquireAsync(name, TimeSpan.FromSeconds(60));
        var grain = client.GetGrain<ILockGrain>(name);
        await Poll.UntilAsync(async () => await grain.GetQueueLengthAsync() == 1, TimeSpan.FromSeconds(10), "the waiter is queued");

        host.Dispose();
        await Poll.UntilAsync(async () => await grain.GetHolderAsync() is null, TimeSpan.FromSeconds(20), "the expired hold is released");
        var freed = Stopwatch.StartNew();

        // During the delay nobody gets it, not even a try.
        Assert.Null(await bystander.Locks.TryAcquireAsync(name));
        Assert.False(waiting.IsCompleted);

        // The delay runs from the grain's decision that the hold expired; the test sees the lock free only once that
        // decision is stored and a poll reads it, which lags by a storage write (over a second on a loaded database). A
        // grant that ignored the delay would come with the expiry's own write, so half the delay tells them apart.
        await using var granted = await waiting;
        Assert.True(freed.Elapsed >= LockDelay / 2, $"granted {freed.Elapsed.TotalSeconds:0.00} s after the expiry was seen; the lock-delay is {LockDelay.TotalSeconds} s");
        Assert.True(granted.FencingToken > held.FencingToken);
        await holder.DisposeAsync();
    }

    [Fact]
    public async Task A_clean_release_hands_the_lock_on_at_once_despite_the_lock_delay()
    {
        var name = NewName("delay");
        var client = (await Cluster.LockDelayClusterAsync()).ClientOnSilo(1);
        await using var holder = await Coordinator.StartAsync(client, "holder");
        await using var waiter = await Coordinator.StartAsync(client, "waiter");
        var held = await holder.Locks.AcquireAsync(name, TimeSpan.FromSeconds(10));
        var waiting = waiter.Locks.AcquireAsync(name, TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(async () => await client.GetGrain<ILockGrain>(name).GetQueueLengthAsync() == 1, TimeSpan.FromSeconds(10), "the waiter is queued");

        var released = Stopwatch.StartNew();
        Assert.True(await held.ReleaseAsync());
        await using var granted = await waiting;
        Assert.True(released.Elapsed < LockDelay, $"a clean release took {released.Elapsed.TotalSeconds:0.00} s to hand on");
    }
}
