using System.Collections.Concurrent;
using Orleans.Coord.Grains;
using Orleans.Coord.Locks;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Coord.Client;
using Orleans.Coord.Server;
using Orleans.Coord.Testing;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.Locks;

/// <summary>
/// Where the silo turns lock streams on (<see cref="CoordLockOptions.PublishEvents"/>), every grant and release of a
/// lock is published on its stream, in order, with increasing versions. It reads the stream alone (no push), on a
/// 3-silo cluster of its own, so that no other test's silo or activation churn touches the stream agents it depends on.
/// </summary>
public sealed class LockEventTests : IAsyncLifetime
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private CoordCluster _coord = null!;
    private IClusterClient[] _clients = [];

    public async Task InitializeAsync()
    {
        _coord = await CoordCluster.StartAsync(3, b =>
        {
            b.AddCoordination();
            b.AddSiloBuilderConfigurator<LockStreamsOn>();
        });
        _clients = await Task.WhenAll(Enumerable.Range(0, 3).Select(_coord.ClientOnSiloAsync));
    }

    public async Task DisposeAsync() => await _coord.DisposeAsync();

    [Fact]
    public async Task Acquire_release_hand_over_and_break_are_published_in_order()
    {
        var name = $"events-{Guid.NewGuid():N}";
        var events = new ConcurrentQueue<LockEvent>();
        var stream = _clients[2].GetStreamProvider(CoordConstants.StreamProviderName)
            .GetStream<LockEvent>(StreamId.Create(CoordConstants.LockStreamNamespace, name));
        var subscription = await stream.SubscribeAsync((e, _) =>
        {
            events.Enqueue(e);
            return Task.CompletedTask;
        });
        try
        {
            await using var a = await Coordinator.StartAsync(_clients[0], "a", new CoordinatorOptions());
            await using var b = await Coordinator.StartAsync(_clients[1], "b", new CoordinatorOptions());
            var first = await a.Locks.AcquireAsync(name, Long);
            var waiting = b.Locks.AcquireAsync(name, Long);
            await Poll.UntilAsync(async () => await _clients[0].GetGrain<ILockGrain>(name).GetQueueLengthAsync() == 1, Long, "b is queued");
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

    private sealed class LockStreamsOn : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.Configure<CoordLockOptions>(o => o.PublishEvents = true);
    }
}
