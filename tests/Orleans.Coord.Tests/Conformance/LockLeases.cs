using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Grains;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>Holds are leased by the session: a stop hands the lock on at once, a dead client's hold expires after its TTL.</summary>
public abstract partial class ConformanceTests
{
    [Fact]
    public async Task Stopping_the_holders_session_hands_the_lock_to_the_next_waiter_at_once()
    {
        var name = $"lease-{Guid.NewGuid():N}";
        // A 5-minute TTL: the hand-over can only come from the stop.
        var options = new CoordinatorOptions { SessionTtl = TimeSpan.FromMinutes(5) };
        var holder = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "holder", options);
        await using var next = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "next", options);
        var held = await holder.Locks.AcquireAsync(name, Long);
        var waiting = next.Locks.AcquireAsync(name, Long);
        await Poll.UntilAsync(async () => await Cluster.ClientOnSilo(2).GetGrain<ILockGrain>(name).GetQueueLengthAsync() == 1, Long, "the request is queued");

        var stopwatch = Stopwatch.StartNew();
        await holder.StopAsync();
        await using var handed = await waiting.WaitAsync(Long);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"hand-over took {stopwatch.Elapsed}");
        Assert.True(handed.FencingToken > held.FencingToken);
        Assert.Equal("next", (await next.Locks.GetHolderAsync(name))!.MemberId);
        // The stopped holder is told its hold ended; its session was not lost.
        await Poll.UntilAsync(() => held.Lost.IsCancellationRequested, Long, "the stopped holder's Lost fires");
        Assert.False(holder.Lost.IsCancellationRequested);
        await holder.DisposeAsync();
    }

    [Fact]
    public async Task A_holder_whose_client_died_loses_the_lock_after_its_ttl_to_the_next_waiter()
    {
        var name = $"lease-{Guid.NewGuid():N}";
        await using var next = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "next", new CoordinatorOptions { SessionTtl = TimeSpan.FromMinutes(5) });

        // A separate client process stand-in: its host is torn down without stopping the session, so heartbeats stop.
        var host = await Cluster.StartDisposableClientAsync(2);
        var ttl = TimeSpan.FromSeconds(2);
        var doomed = await Coordinator.StartAsync(host.Services.GetRequiredService<IClusterClient>(), "doomed", new CoordinatorOptions { SessionTtl = ttl });
        var held = await doomed.Locks.AcquireAsync(name, Long);
        var waiting = next.Locks.AcquireAsync(name, Long);
        await Poll.UntilAsync(async () => await Cluster.ClientOnSilo(1).GetGrain<ILockGrain>(name).GetQueueLengthAsync() == 1, Long, "the request is queued");

        var crashedAt = Stopwatch.StartNew();
        host.Dispose();
        await using var handed = await waiting.WaitAsync(Long);
        var after = crashedAt.Elapsed;

        Assert.True(handed.FencingToken > held.FencingToken);
        Assert.Equal("next", (await next.Locks.GetHolderAsync(name))!.MemberId);
        // Not before the TTL (less one heartbeat interval of slack), and not long after it.
        Assert.InRange(after, ttl - ttl / 3, ttl + ttl / 3 + TimeSpan.FromSeconds(3));
        // The dead client's own lease clock fires the handle's Lost.
        await Poll.UntilAsync(() => held.Lost.IsCancellationRequested, TimeSpan.FromSeconds(10), "the dead holder's handle reports Lost");
        await doomed.DisposeAsync();
    }
}
