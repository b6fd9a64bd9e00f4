using System.Collections.Concurrent;
using Orleans.Coord.Grains;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Client;
using Orleans.Coord.Client.Leases;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>The exclusive lock's contract: mutual exclusion, fencing, FIFO, no re-entry, no orphan grants, owner-only release, break.</summary>
public abstract partial class ConformanceTests
{
    private ILockGrain LockGrain(string name) => Cluster.ClientOnSilo(0).GetGrain<ILockGrain>(name);

    [Fact]
    public async Task Concurrent_acquires_from_three_silos_are_mutually_exclusive_with_increasing_tokens()
    {
        const int TasksPerSession = 2;
        const int Rounds = 20;
        var name = NewName("lock");
        var sessions = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Coordinator.StartAsync(Cluster.ClientOnSilo(i), $"m{i}", Defaults)));
        try
        {
            var counter = 0;
            var inside = 0;
            var grants = 0;
            long lastToken = 0;
            var workers = sessions.SelectMany(s => Enumerable.Range(0, TasksPerSession).Select(_ => Task.Run(async () =>
            {
                for (var round = 0; round < Rounds; round++)
                {
                    await using var handle = await s.Locks.AcquireAsync(name, Long);
                    Assert.Equal(1, Interlocked.Increment(ref inside));
                    // The fencing checker a protected resource would run: every grant's token beats the last one seen.
                    Assert.True(handle.FencingToken > lastToken, $"token {handle.FencingToken} after {lastToken}");
                    lastToken = handle.FencingToken;
                    // A deliberately non-atomic read-modify-write: only mutual exclusion keeps it exact.
                    var read = counter;
                    await Task.Yield();
                    counter = read + 1;
                    Interlocked.Increment(ref grants);
                    Interlocked.Decrement(ref inside);
                }
            }))).ToArray();

            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(40));

            Assert.Equal(sessions.Length * TasksPerSession * Rounds, grants);
            Assert.Equal(grants, counter);
            Assert.Null(await sessions[0].Locks.GetHolderAsync(name));
            Assert.Equal(0, await LockGrain(name).GetQueueLengthAsync());
        }
        finally
        {
            foreach (var s in sessions)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Waiters_are_granted_in_fifo_order_with_increasing_tokens()
    {
        var name = NewName("lock");
        await using var holder = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "holder", Defaults);
        var waiters = new List<ICoordinator>();
        for (var i = 0; i < 3; i++)
        {
            waiters.Add(await Coordinator.StartAsync(Cluster.ClientOnSilo((i + 1) % 3), $"w{i}", Defaults));
        }

        try
        {
            var held = await holder.Locks.AcquireAsync(name, Long);
            var order = new ConcurrentQueue<(string Member, long Token)>();
            var pending = new List<Task>();
            foreach (var w in waiters)
            {
                pending.Add(Task.Run(async () =>
                {
                    await using var h = await w.Locks.AcquireAsync(name, Long);
                    order.Enqueue((w.MemberId, h.FencingToken));
                }));
                var expected = pending.Count;
                await Poll.UntilAsync(async () => await LockGrain(name).GetQueueLengthAsync() == expected, Long, $"{expected} request(s) are queued");
            }

            Assert.True(await held.ReleaseAsync());
            await Task.WhenAll(pending).WaitAsync(Long);

            Assert.Equal(["w0", "w1", "w2"], order.Select(o => o.Member));
            var tokens = order.Select(o => o.Token).Prepend(held.FencingToken).ToArray();
            Assert.Equal(tokens.Order(), tokens);
            Assert.Equal(tokens.Length, tokens.Distinct().Count());
        }
        finally
        {
            foreach (var w in waiters)
            {
                await w.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Try_acquire_returns_null_while_held_and_is_not_reentrant()
    {
        var name = NewName("lock");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", Defaults);
        await using var b = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "b", Defaults);

        var held = await a.Locks.TryAcquireAsync(name);
        Assert.NotNull(held);
        Assert.Null(await a.Locks.TryAcquireAsync(name));
        Assert.Null(await b.Locks.TryAcquireAsync(name));
        Assert.Null(await b.Locks.TryAcquireAsync(name, TimeSpan.Zero));

        var holder = await b.Locks.GetHolderAsync(name);
        Assert.Equal(("a", a.SessionId, held.FencingToken), (holder!.MemberId, holder.SessionId, holder.Token));
        Assert.True(await a.Locks.IsStillOwnerAsync(name, held.FencingToken));
        Assert.False(await b.Locks.IsStillOwnerAsync(name, held.FencingToken));

        Assert.True(await held.ReleaseAsync());
        await using var next = await b.Locks.TryAcquireAsync(name);
        Assert.NotNull(next);
        Assert.True(next.FencingToken > held.FencingToken);
        Assert.False(await a.Locks.IsStillOwnerAsync(name, held.FencingToken));
    }

    [Fact]
    public async Task A_timed_out_acquire_throws_and_leaves_no_orphan_grant()
    {
        var name = NewName("lock");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", Defaults);
        await using var b = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "b", Defaults);
        await using var c = await Coordinator.StartAsync(Cluster.ClientOnSilo(2), "c", Defaults);
        var held = await a.Locks.AcquireAsync(name, Long);

        await Assert.ThrowsAsync<TimeoutException>(() => b.Locks.AcquireAsync(name, TimeSpan.FromMilliseconds(300)));
        Assert.Null(await b.Locks.TryAcquireAsync(name, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(0, await LockGrain(name).GetQueueLengthAsync());

        Assert.True(await held.ReleaseAsync());
        Assert.Null(await a.Locks.GetHolderAsync(name));
        await using var later = await c.Locks.TryAcquireAsync(name);
        Assert.NotNull(later);
        Assert.Equal("c", (await a.Locks.GetHolderAsync(name))!.MemberId);
    }

    [Fact]
    public async Task A_cancelled_acquire_throws_and_leaves_no_orphan_grant()
    {
        var name = NewName("lock");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", Defaults);
        await using var b = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "b", Defaults);
        await using var c = await Coordinator.StartAsync(Cluster.ClientOnSilo(2), "c", Defaults);
        var held = await a.Locks.AcquireAsync(name, Long);

        using var cts = new CancellationTokenSource();
        var waiting = b.Locks.AcquireAsync(name, Timeout.InfiniteTimeSpan, cts.Token);
        await Poll.UntilAsync(async () => await LockGrain(name).GetQueueLengthAsync() == 1, Long, "b's request is queued");
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, await LockGrain(name).GetQueueLengthAsync());

        Assert.True(await held.ReleaseAsync());
        Assert.Null(await a.Locks.GetHolderAsync(name));
        await using var later = await c.Locks.TryAcquireAsync(name);
        Assert.NotNull(later);
    }

    [Fact]
    public async Task Release_by_a_non_holder_or_a_second_release_returns_false_and_the_holder_keeps_the_lock()
    {
        var name = NewName("lock");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", Defaults);
        await using var b = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "b", Defaults);
        var first = await a.Locks.AcquireAsync(name, Long);

        // Another session presenting the holder's token is refused.
        Assert.False(await LockGrain(name).ReleaseAsync(b.SessionId, Guid.NewGuid(), default, first.FencingToken));
        Assert.Equal(first.FencingToken, (await b.Locks.GetHolderAsync(name))!.Token);

        Assert.True(await first.ReleaseAsync());
        Assert.False(await first.ReleaseAsync());
        var second = await b.Locks.AcquireAsync(name, Long);

        // The former holder's stale grant cannot release the new holder's, through the handle or the grain.
        Assert.False(await first.ReleaseAsync());
        // A repeat of a's applied release (as sent after a lost answer) is answered true and changes nothing.
        Assert.True(await LockGrain(name).ReleaseAsync(a.SessionId, ((LeaseHandle)first).ReleaseRequestId, default, first.FencingToken));
        Assert.False(await LockGrain(name).ReleaseAsync(a.SessionId, Guid.NewGuid(), default, second.FencingToken));
        var holder = await a.Locks.GetHolderAsync(name);
        Assert.Equal(("b", second.FencingToken), (holder!.MemberId, holder.Token));
        Assert.True(await second.ReleaseAsync());
    }

    [Fact]
    public async Task Break_fires_the_holders_lost_and_hands_the_lock_to_the_next_waiter()
    {
        var name = NewName("lock");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", Defaults);
        await using var b = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "b", Defaults);
        await using var admin = await Coordinator.StartAsync(Cluster.ClientOnSilo(2), "admin", Defaults);
        var held = await a.Locks.AcquireAsync(name, Long);
        var waiting = b.Locks.AcquireAsync(name, Long);
        await Poll.UntilAsync(async () => await LockGrain(name).GetQueueLengthAsync() == 1, Long, "b's request is queued");

        Assert.True(await admin.Locks.BreakAsync(name));

        await Poll.UntilAsync(() => held.Lost.IsCancellationRequested, Long, "the broken holder's Lost fires");
        await using var next = await waiting.WaitAsync(Long);
        Assert.True(next.FencingToken > held.FencingToken);
        Assert.False(await a.Locks.IsStillOwnerAsync(name, held.FencingToken));
        Assert.False(await held.ReleaseAsync());
        Assert.Equal("b", (await a.Locks.GetHolderAsync(name))!.MemberId);
        Assert.False(next.Lost.IsCancellationRequested);
        Assert.True(a.IsAlive);
    }

    [Fact]
    public async Task Break_of_a_free_lock_returns_false()
    {
        await using var admin = await Coordinator.StartAsync(Cluster.ClientOnSilo(2), "admin", Defaults);
        Assert.False(await admin.Locks.BreakAsync(NewName("lock")));
    }
}
