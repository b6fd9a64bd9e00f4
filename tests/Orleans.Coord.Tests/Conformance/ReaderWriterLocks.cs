using Orleans.Coord.Grains;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>Reader-writer locks: shared readers, exclusive writers, FIFO so that a waiting writer is not starved.</summary>
public abstract partial class ConformanceTests
{
    [Fact]
    public async Task Readers_share_a_writer_waits_for_them_and_holds_back_later_readers()
    {
        var name = NewName("rw");
        var grain = Cluster.ClientOnSilo(0).GetGrain<IReaderWriterLockGrain>(name);
        await using var r = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "r", new CoordinatorOptions());
        await using var w = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "w", new CoordinatorOptions());
        await using var late = await Coordinator.StartAsync(Cluster.ClientOnSilo(2), "late", new CoordinatorOptions());

        var r1 = await r.Locks.ReaderWriter.TryAcquireReadAsync(name, TimeSpan.Zero);
        var r2 = await late.Locks.ReaderWriter.TryAcquireReadAsync(name, TimeSpan.Zero);
        Assert.NotNull(r1);
        Assert.NotNull(r2);
        Assert.Null(await w.Locks.ReaderWriter.TryAcquireWriteAsync(name, TimeSpan.Zero));

        var writer = w.Locks.ReaderWriter.AcquireWriteAsync(name, Long);
        await Poll.UntilAsync(async () => await grain.GetQueueLengthAsync() == 1, Long, "the writer is queued");
        // FIFO: a reader arriving after the waiting writer does not overtake it.
        Assert.Null(await late.Locks.ReaderWriter.TryAcquireReadAsync(name, TimeSpan.Zero));

        Assert.True(await r1.ReleaseAsync());
        Assert.False(writer.IsCompleted);
        Assert.True(await r2.ReleaseAsync());
        var written = await writer.WaitAsync(Long);
        Assert.True(written.FencingToken > r2.FencingToken);
        Assert.Equal(["w"], (await r.Locks.ReaderWriter.GetHoldersAsync(name)).Select(h => h.MemberId));
        Assert.Null(await r.Locks.ReaderWriter.TryAcquireReadAsync(name, TimeSpan.Zero));

        Assert.True(await written.ReleaseAsync());
        await using var again = await late.Locks.ReaderWriter.AcquireReadAsync(name, Long);
        Assert.True(again.FencingToken > written.FencingToken);
    }

    [Fact]
    public async Task Stopping_the_writers_session_admits_every_queued_reader_at_once()
    {
        var name = NewName("rw");
        var grain = Cluster.ClientOnSilo(0).GetGrain<IReaderWriterLockGrain>(name);
        var w = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "w", new CoordinatorOptions { SessionTtl = TimeSpan.FromMinutes(5) });
        var readers = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Coordinator.StartAsync(Cluster.ClientOnSilo(i), $"r{i}", new CoordinatorOptions())));
        try
        {
            var written = await w.Locks.ReaderWriter.AcquireWriteAsync(name, Long);
            var reads = readers.Select(s => s.Locks.ReaderWriter.AcquireReadAsync(name, Long)).ToArray();
            await Poll.UntilAsync(async () => await grain.GetQueueLengthAsync() == 3, Long, "three readers are queued");

            await w.StopAsync();
            var handles = await Task.WhenAll(reads).WaitAsync(Long);

            Assert.All(handles, h => Assert.True(h.FencingToken > written.FencingToken));
            Assert.Equal(3, (await readers[0].Locks.ReaderWriter.GetHoldersAsync(name)).Count);
            await Poll.UntilAsync(() => written.Lost.IsCancellationRequested, Long, "the stopped writer's Lost fires");
        }
        finally
        {
            await w.DisposeAsync();
            foreach (var s in readers)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Concurrent_readers_and_writers_from_three_silos_keep_writers_exclusive()
    {
        var name = NewName("rw");
        var sessions = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Coordinator.StartAsync(Cluster.ClientOnSilo(i), $"m{i}", new CoordinatorOptions())));
        try
        {
            var readersInside = 0;
            var writersInside = 0;
            var counter = 0;
            var writes = 0;
            var workers = sessions.SelectMany((s, i) => Enumerable.Range(0, 3).Select(j => Task.Run(async () =>
            {
                var isWriter = (i + j) % 2 == 0;
                for (var round = 0; round < 6; round++)
                {
                    if (isWriter)
                    {
                        await using var h = await s.Locks.ReaderWriter.AcquireWriteAsync(name, Long);
                        Assert.Equal(1, Interlocked.Increment(ref writersInside));
                        Assert.Equal(0, Volatile.Read(ref readersInside));
                        var read = counter;
                        await Task.Yield();
                        counter = read + 1;
                        Interlocked.Increment(ref writes);
                        Interlocked.Decrement(ref writersInside);
                    }
                    else
                    {
                        await using var h = await s.Locks.ReaderWriter.AcquireReadAsync(name, Long);
                        Interlocked.Increment(ref readersInside);
                        Assert.Equal(0, Volatile.Read(ref writersInside));
                        await Task.Yield();
                        Interlocked.Decrement(ref readersInside);
                    }
                }
            }))).ToArray();

            await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(40));
            Assert.Equal(writes, counter);
            Assert.True(writes > 0);
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
    public async Task Locks_semaphores_and_reader_writer_locks_of_one_name_are_independent()
    {
        var name = NewName("rw");
        await using var s = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "s", new CoordinatorOptions());
        await using var exclusive = await s.Locks.TryAcquireAsync(name);
        await using var permit = await s.Locks.Semaphores.TryAcquireAsync(name, 1);
        await using var write = await s.Locks.ReaderWriter.TryAcquireWriteAsync(name, TimeSpan.Zero);
        Assert.NotNull(exclusive);
        Assert.NotNull(permit);
        Assert.NotNull(write);
    }
}
