using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Coord.Client;
using Orleans.Coord.Grains;
using Orleans.Coord.Locks;
using Orleans.Coord.Sessions;
using Orleans.Coord.Tests.Infrastructure;
using StackExchange.Redis;

namespace Orleans.Coord.Tests.Faults;

/// <summary>
/// Storage that fails for a while, on a real redis-server: a write refused over the memory limit, a record changed by
/// another writer, or the whole server paused (SIGSTOP) and resumed. Nothing may be answered that is not stored, no
/// call may report success for a change it did not make, and no grant may outlive the interest of its requester.
/// </summary>
public sealed class RedisStorageFaultTests(RedisFaultFixture redis) : IClassFixture<RedisFaultFixture>
{
    [Fact]
    public async Task A_session_start_whose_write_failed_is_stored_when_sent_again()
    {
        var session = redis.Clients[0].GetGrain<ISessionGrain>(Guid.NewGuid());
        await using (await redis.WritesFailAsync())
        {
            await Assert.ThrowsAnyAsync<Exception>(() => session.StartAsync("m", TimeSpan.FromSeconds(30)));
        }

        await session.StartAsync("m", TimeSpan.FromSeconds(30));
        Assert.True(await session.IsAliveAsync());
        Assert.Equal(SessionStatus.Alive, await session.HeartbeatAsync());
    }

    [Fact]
    public async Task A_stop_returns_only_once_every_hold_is_released_even_when_a_release_first_fails()
    {
        var name = $"stop-{Guid.NewGuid():N}";
        var a = await Coordinator.StartAsync(redis.Clients[0], "a", new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(30) });
        await a.Locks.AcquireAsync(name, TimeSpan.FromSeconds(10));

        // Another writer changed the lock's record: the lock grain's next write (the release) meets a stale ETag.
        var key = Assert.Single(redis.Server.Keys(pattern: $"*{name}*").ToArray(), k => k.ToString().Contains("lock/", StringComparison.Ordinal));
        await redis.Admin.GetDatabase().HashSetAsync(key, "etag", "changed-elsewhere");

        await a.StopAsync();
        Assert.Null(await redis.Clients[1].GetGrain<ILockGrain>(name).GetHolderAsync());
    }

    [Fact]
    public async Task No_grant_outlives_its_requesters_interest_while_the_server_pauses_again_and_again()
    {
        // Five sessions loop on one lock with short acquire timeouts while redis-server is paused for 7 s at a time
        // (longer than the client library's 5 s timeout): calls fail, go unanswered, are sent again, arrive late or twice. Every grant must reach a handle or be given
        // back: once the loops end (the sessions stay alive), the lock must become free.
        var name = $"orphan-{Guid.NewGuid():N}";
        var sessions = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            Coordinator.StartAsync(redis.Clients[i % 2], $"looper-{i}", new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(60) })));
        var errors = new ConcurrentBag<string>();
        var holding = 0;
        var overlaps = 0;
        using var stop = new CancellationTokenSource();
        var loops = sessions.Select(s => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await using var handle = await s.Locks.TryAcquireAsync(name, TimeSpan.FromSeconds(2));
                    if (handle is not null)
                    {
                        if (Interlocked.Increment(ref holding) > 1)
                        {
                            Interlocked.Increment(ref overlaps);
                        }

                        await Task.Delay(10);
                        Interlocked.Decrement(ref holding);
                    }
                }
                catch (Exception ex)
                {
                    errors.Add(ex.GetType().Name);
                }
            }
        })).ToArray();
        try
        {
            for (var round = 0; round < 3; round++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                redis.Redis.Pause();
                await Task.Delay(TimeSpan.FromSeconds(7));
                redis.Redis.Resume();
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        finally
        {
            redis.Redis.Resume();
            stop.Cancel();
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(60));
        }

        Assert.Equal(0, overlaps);
        var grain = redis.Clients[0].GetGrain<ILockGrain>(name);
        LockGrant? holder = null;
        var queued = 0;
        await Poll.UntilAsync(
            async () => (holder = await grain.GetHolderAsync()) is null & (queued = await grain.GetQueueLengthAsync()) == 0,
            TimeSpan.FromSeconds(20),
            () => $"the lock is free with nobody waiting for it (held by {holder?.MemberId ?? "nobody"}, {queued} queued; " +
                  $"errors seen: {string.Join(", ", errors.GroupBy(e => e).Select(g => $"{g.Key} x{g.Count()}"))})");
        Assert.All(sessions, s => Assert.True(s.IsAlive));
        await Task.WhenAll(sessions.Select(s => s.DisposeAsync().AsTask()));
    }
}
