using System.Diagnostics;
using Orleans.Coord.Client;
using Orleans.Coord.Grains;
using Orleans.Coord.Tests.Infrastructure;

namespace Orleans.Coord.Tests.Faults;

/// <summary>
/// A backend that refuses writes for a while (a real redis-server over its memory limit, every write failing with
/// OOM): calls that are safe to repeat are sent again until the backend stores them, within one session TTL, and a
/// backend that stays down for longer gives one typed <see cref="CoordinationUnavailableException"/>.
/// </summary>
public sealed class StorageOutageTests(RedisFaultFixture redis) : IClassFixture<RedisFaultFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_release_during_a_short_outage_is_sent_again_and_succeeds_once_writes_work()
    {
        var name = $"outage-{Guid.NewGuid():N}";
        await using var a = await Coordinator.StartAsync(redis.Clients[0], "a", new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(30) });
        var handle = await a.Locks.AcquireAsync(name, Long);

        Task<bool> release;
        await using (await redis.WritesFailAsync())
        {
            var refusedBefore = await RefusedWritesAsync();
            release = handle.ReleaseAsync();

            // The release's write is refused, sent again and refused again: the caller still waits.
            await Poll.UntilAsync(async () => await RefusedWritesAsync() >= refusedBefore + 2, Long, "the release's write is refused twice");
            Assert.False(release.IsCompleted);
            Assert.NotNull(await redis.Clients[1].GetGrain<ILockGrain>(name).GetHolderAsync());
        }

        Assert.True(await release.WaitAsync(Long));
        Assert.Null(await redis.Clients[1].GetGrain<ILockGrain>(name).GetHolderAsync());
    }

    [Fact]
    public async Task A_backend_that_stays_down_for_a_ttl_gives_one_typed_exception_and_the_hold_stays_known()
    {
        var name = $"outage-{Guid.NewGuid():N}";
        var ttl = TimeSpan.FromSeconds(3);
        await using var a = await Coordinator.StartAsync(redis.Clients[0], "a", new CoordinatorOptions { SessionTtl = ttl });
        var handle = await a.Locks.AcquireAsync(name, Long);

        CoordinationUnavailableException refused;
        var clock = Stopwatch.StartNew();
        await using (await redis.WritesFailAsync())
        {
            refused = await Assert.ThrowsAsync<CoordinationUnavailableException>(() => handle.ReleaseAsync().WaitAsync(Long));
        }

        Assert.InRange(clock.Elapsed, ttl, ttl + TimeSpan.FromSeconds(5));
        Assert.Contains("lock/" + name, refused.Grain);
        Assert.Contains("may not be stored", refused.Message);

        // Nothing was released behind the caller's back, and the release can be sent again once the backend is back.
        Assert.Equal(handle.FencingToken, (await redis.Clients[1].GetGrain<ILockGrain>(name).GetHolderAsync())?.Token);
        Assert.True(await handle.ReleaseAsync().WaitAsync(Long));
    }

    [Fact]
    public async Task An_acquire_timeout_holds_while_writes_fail()
    {
        var name = $"outage-{Guid.NewGuid():N}";
        var options = new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(30) };
        await using var a = await Coordinator.StartAsync(redis.Clients[0], "a", options);
        await using var b = await Coordinator.StartAsync(redis.Clients[1], "b", options);
        await using var held = await a.Locks.AcquireAsync(name, Long);
        var timeout = TimeSpan.FromSeconds(1);

        TimeSpan took;
        await using (await redis.WritesFailAsync())
        {
            // b's first request of this lock must record it in b's session (a write, refused now), then queue.
            var clock = Stopwatch.StartNew();
            Assert.Null(await b.Locks.TryAcquireAsync(name, timeout).WaitAsync(Long));
            took = clock.Elapsed;
        }

        Assert.InRange(took, timeout - TimeSpan.FromMilliseconds(50), timeout + options.CallTimeout);
        Assert.Equal(held.FencingToken, (await redis.Clients[1].GetGrain<ILockGrain>(name).GetHolderAsync())?.Token);
    }

    /// <summary>How many commands redis-server refused for lack of memory (its <c>errorstat_OOM</c> count).</summary>
    private async Task<long> RefusedWritesAsync()
    {
        var info = await redis.Server.InfoAsync("errorstats");
        var oom = info.SelectMany(g => g).FirstOrDefault(kv => kv.Key == "errorstat_OOM").Value;
        return oom is null ? 0 : long.Parse(oom.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
