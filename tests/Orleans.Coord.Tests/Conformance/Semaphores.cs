using Orleans.Coord.Grains;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Validation;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>Counting semaphores: at most maxCount holders, FIFO admission, one agreed maxCount per name, session leases.</summary>
public abstract partial class ConformanceTests
{
    [Fact]
    public async Task Concurrent_holders_from_three_silos_never_exceed_the_max_count()
    {
        const int MaxCount = 2;
        var name = NewName("sem");
        var sessions = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Coordinator.StartAsync(Cluster.ClientOnSilo(i), $"m{i}", new CoordinatorOptions())));
        try
        {
            var inside = 0;
            var peak = 0;
            var tokens = new System.Collections.Concurrent.ConcurrentBag<long>();
            var workers = sessions.SelectMany(s => Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
            {
                for (var round = 0; round < 8; round++)
                {
                    await using var handle = await s.Locks.Semaphores.AcquireAsync(name, MaxCount, Long);
                    tokens.Add(handle.FencingToken);
                    var now = Interlocked.Increment(ref inside);
                    InterlockedMax(ref peak, now);
                    Assert.InRange(now, 1, MaxCount);
                    await Task.Delay(2);
                    Interlocked.Decrement(ref inside);
                }
            }))).ToArray();

            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(40));

            Assert.Equal(3 * 3 * 8, tokens.Count);
            Assert.Equal(tokens.Count, tokens.Distinct().Count());
            Assert.Equal(MaxCount, peak);
            Assert.Empty(await sessions[0].Locks.Semaphores.GetHoldersAsync(name));
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
    public async Task A_full_semaphore_refuses_a_try_and_admits_waiters_in_fifo_order_as_permits_free_up()
    {
        var name = NewName("sem");
        var grain = Cluster.ClientOnSilo(0).GetGrain<ISemaphoreGrain>(name);
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", new CoordinatorOptions());
        await using var b = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "b", new CoordinatorOptions());
        await using var c = await Coordinator.StartAsync(Cluster.ClientOnSilo(2), "c", new CoordinatorOptions());
        await using var d = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "d", new CoordinatorOptions());

        var first = await a.Locks.Semaphores.TryAcquireAsync(name, 2);
        var second = await a.Locks.Semaphores.TryAcquireAsync(name, 2);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(second.FencingToken > first.FencingToken);
        Assert.Null(await b.Locks.Semaphores.TryAcquireAsync(name, 2));

        var cWaits = c.Locks.Semaphores.AcquireAsync(name, 2, Long);
        await Poll.UntilAsync(async () => await grain.GetQueueLengthAsync() == 1, Long, "c is queued");
        var dWaits = d.Locks.Semaphores.AcquireAsync(name, 2, Long);
        await Poll.UntilAsync(async () => await grain.GetQueueLengthAsync() == 2, Long, "d is queued");

        Assert.True(await first.ReleaseAsync());
        var cHolds = await cWaits.WaitAsync(Long);
        Assert.False(dWaits.IsCompleted);
        Assert.Equal(["a", "c"], (await b.Locks.Semaphores.GetHoldersAsync(name)).Select(h => h.MemberId));

        // A stopped session's permits go to the next in line at once.
        await a.StopAsync();
        var dHolds = await dWaits.WaitAsync(Long);
        Assert.True(dHolds.FencingToken > cHolds.FencingToken);
        Assert.Equal(["c", "d"], (await b.Locks.Semaphores.GetHoldersAsync(name)).Select(h => h.MemberId));
        Assert.True(await c.Locks.Semaphores.IsStillOwnerAsync(name, cHolds.FencingToken));
        await cHolds.DisposeAsync();
        await dHolds.DisposeAsync();
    }

    [Fact]
    public async Task A_different_max_count_is_refused_while_in_use_and_accepted_once_idle()
    {
        var name = NewName("sem");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", new CoordinatorOptions());
        await using var b = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "b", new CoordinatorOptions());
        var held = await a.Locks.Semaphores.AcquireAsync(name, 2, Long);

        var e = await Assert.ThrowsAsync<SemaphoreMaxCountMismatchException>(() => b.Locks.Semaphores.TryAcquireAsync(name, 3));
        Assert.Equal("maxCount", e.ParamName);
        Assert.Equal((name, 2, 3), (e.Semaphore, e.MaxCountInUse, e.RequestedMaxCount));
        await Assert.ThrowsAsync<SemaphoreMaxCountMismatchException>(() => b.Locks.Semaphores.TryAcquireAsync(name, 3, TimeSpan.FromSeconds(1)));
        Assert.Equal(0, await Cluster.ClientOnSilo(0).GetGrain<ISemaphoreGrain>(name).GetQueueLengthAsync());
        Assert.Single(await a.Locks.Semaphores.GetHoldersAsync(name));

        Assert.True(await held.ReleaseAsync());
        await using var three = await b.Locks.Semaphores.TryAcquireAsync(name, 3);
        Assert.NotNull(three);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
