using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Grains;
using Orleans.Coord.Locks;
using Orleans.Coord.Testing;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.TestingHost;
using Orleans.Coord.Client;
using Orleans.Coord.Server;

namespace Orleans.Coord.Tests.Locks;

/// <summary>
/// Chubby's lock-delay (<see cref="CoordLockOptions.LockDelay"/>, 3 s here): after a holder's lease expires, nobody gets
/// the lock until the delay has passed; a clean release still hands it on at once.
/// </summary>
public sealed class LockDelayTests : IAsyncLifetime
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(3);
    private CoordCluster _coord = null!;

    public async Task InitializeAsync() =>
        _coord = await CoordCluster.StartAsync(2, b =>
        {
            b.AddCoordination();
            b.AddSiloBuilderConfigurator<LockDelayConfigurator>();
        });

    public async Task DisposeAsync() => await _coord.DisposeAsync();

    [Fact]
    public async Task An_expired_holders_lock_stays_ungranted_for_the_lock_delay()
    {
        var name = $"delay-{Guid.NewGuid():N}";
        var client = await _coord.ClientOnSiloAsync(0);
        await using var waiter = await Coordinator.StartAsync(client, "waiter", new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(30) });
        await using var bystander = await Coordinator.StartAsync(client, "bystander", new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(30) });

        // The holder runs on a client the test tears down as if its process died.
        var host = await _coord.StartClientHostAsync(_coord.Cluster.Silos[1].GatewayAddress.Endpoint);
        var holder = await Coordinator.StartAsync(host.Services.GetRequiredService<IClusterClient>(), "holder", new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(2) });
        var held = await holder.Locks.AcquireAsync(name, TimeSpan.FromSeconds(10));
        var waiting = waiter.Locks.AcquireAsync(name, TimeSpan.FromSeconds(60));
        var grain = client.GetGrain<ILockGrain>(name);
        await Wait.UntilAsync(async () => await grain.GetQueueLengthAsync() == 1, TimeSpan.FromSeconds(10), "the waiter is queued");

        host.Dispose();
        await Wait.UntilAsync(async () => await grain.GetHolderAsync() is null, TimeSpan.FromSeconds(20), "the expired hold is released");
        var freed = Stopwatch.StartNew();

        // During the delay nobody gets it, not even a try.
        Assert.Null(await bystander.Locks.TryAcquireAsync(name));
        Assert.False(waiting.IsCompleted);

        await using var granted = await waiting;
        Assert.True(freed.Elapsed >= Delay - TimeSpan.FromMilliseconds(500), $"granted {freed.Elapsed.TotalSeconds:0.00} s after the expiry; the lock-delay is {Delay.TotalSeconds} s");
        Assert.True(granted.FencingToken > held.FencingToken);
        await holder.DisposeAsync();
    }

    [Fact]
    public async Task A_clean_release_hands_the_lock_on_at_once_despite_the_lock_delay()
    {
        var name = $"delay-{Guid.NewGuid():N}";
        var client = await _coord.ClientOnSiloAsync(1);
        await using var holder = await Coordinator.StartAsync(client, "holder");
        await using var waiter = await Coordinator.StartAsync(client, "waiter");
        var held = await holder.Locks.AcquireAsync(name, TimeSpan.FromSeconds(10));
        var waiting = waiter.Locks.AcquireAsync(name, TimeSpan.FromSeconds(30));
        await Wait.UntilAsync(async () => await client.GetGrain<ILockGrain>(name).GetQueueLengthAsync() == 1, TimeSpan.FromSeconds(10), "the waiter is queued");

        var released = Stopwatch.StartNew();
        Assert.True(await held.ReleaseAsync());
        await using var granted = await waiting;
        Assert.True(released.Elapsed < Delay, $"a clean release took {released.Elapsed.TotalSeconds:0.00} s to hand on");
    }

    [Fact]
    public void A_lock_delay_out_of_range_is_refused_with_its_limit()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new CoordLockOptions { LockDelay = TimeSpan.FromMinutes(11) }.EffectiveLockDelay);
        Assert.Equal("LockDelay", e.ParamName);
        Assert.Contains("10 min", e.Message);
    }

    private sealed class LockDelayConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.Configure<CoordLockOptions>(o => o.LockDelay = Delay);
    }
}
