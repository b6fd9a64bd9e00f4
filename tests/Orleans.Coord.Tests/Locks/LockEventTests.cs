using System.Collections.Concurrent;
using Orleans.Coord.Grains;
using Orleans.Coord.Locks;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Locks;

/// <summary>Every grant and release of a lock is published on its stream, in order, with increasing versions.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class LockEventTests(SharedClusterFixture fixture)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Acquire_release_hand_over_and_break_are_published_in_order()
    {
        var name = $"events-{Guid.NewGuid():N}";
        var events = new ConcurrentQueue<LockEvent>();
        var stream = fixture.ClientsBySilo[2].GetStreamProvider(CoordConstants.StreamProviderName)
            .GetStream<LockEvent>(StreamId.Create(CoordConstants.LockStreamNamespace, name));
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            events.Enqueue(e);
            return Task.CompletedTask;
        });
        try
        {
            await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
            await using var b = await Coordinator.StartAsync(fixture.ClientsBySilo[1], "b", new CoordinatorOptions());
            var first = await a.Locks.AcquireAsync(name, Long);
            var waiting = b.Locks.AcquireAsync(name, Long);
            await Poll.UntilAsync(async () => await fixture.ClientsBySilo[0].GetGrain<ILockGrain>(name).GetQueueLengthAsync() == 1, Long, "b is queued");
            Assert.True(await first.ReleaseAsync());
            var second = await waiting.WaitAsync(Long);
            Assert.True(await a.Locks.BreakAsync(name));

            await Poll.UntilAsync(() => events.Count >= 4, Long, "four lock events arrive");
            Assert.Equal(
                [
                    (LockEventKind.Acquired, "a", first.FencingToken, "acquire"),
                    (LockEventKind.Released, "a", first.FencingToken, "release"),
                    (LockEventKind.Acquired, "b", second.FencingToken, "acquire"),
                    (LockEventKind.Broken, "b", second.FencingToken, "broken"),
                ],
                events.Select(e => (e.Kind, e.MemberId, e.Token, e.Reason)));
            Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => e.Version));
            Assert.All(events, e => Assert.Equal(name, e.Lock));
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }
}
