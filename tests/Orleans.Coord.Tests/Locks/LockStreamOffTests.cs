using System.Collections.Concurrent;
using Orleans.Configuration;
using Orleans.Coord.Client;
using Orleans.Coord.Groups;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Coord.Tests.Locks;

/// <summary>
/// With the silo's default options a lock publishes nothing on its stream, so Orleans never registers the lock's stream:
/// no pub/sub grain (and no PubSubStore record) for the lock's name, which the stream's first message would activate.
/// Nobody subscribes to the lock's stream here, since a subscription activates that grain too. A group event queued
/// after the lock's grant and release on the same stream queue marks the point by which the pulling agent has read any
/// lock event there was; one silo of its own, so that the agent reading that queue is the only one.
/// </summary>
public sealed class LockStreamOffTests : IAsyncLifetime
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private CoordCluster _coord = null!;
    private IClusterClient _client = null!;

    public async Task InitializeAsync()
    {
        _coord = await CoordCluster.StartAsync(1);
        _client = await _coord.ClientOnSiloAsync(0);
    }

    public async Task DisposeAsync() => await _coord.DisposeAsync();

    [Fact]
    public async Task A_lock_publishes_nothing_and_registers_no_stream_by_default()
    {
        var name = $"quiet-{Guid.NewGuid():N}";
        var lockStream = StreamId.Create(CoordConstants.LockStreamNamespace, name);
        var group = GroupOnTheSameQueueAs(lockStream);
        var provider = _client.GetStreamProvider(CoordConstants.StreamProviderName);
        var groupEvents = new ConcurrentQueue<GroupEvent>();
        var groupSubscription = await provider.GetStream<GroupEvent>(StreamId.Create(CoordConstants.GroupStreamNamespace, group)).SubscribeAsync((e, _) =>
        {
            groupEvents.Enqueue(e);
            return Task.CompletedTask;
        });
        try
        {
            await using var session = await Coordinator.StartAsync(_client, "a", new CoordinatorOptions());
            var held = await session.Locks.AcquireAsync(name, Long);
            Assert.True(await held.ReleaseAsync());
            await session.Groups.CreateAsync(group);
            await session.Groups.JoinAsync(group);

            await Poll.UntilAsync(() => groupEvents.Any(e => e.Kind == GroupEventKind.Joined), Long, "the group's join arrives on its stream");
            var rendezvous = await _client.GetGrain<IManagementGrain>(0).GetActiveGrains(GrainType.Create("pubsubrendezvous"));
            Assert.Contains(rendezvous, g => g.Key.ToString()!.Contains(group, StringComparison.Ordinal));
            Assert.DoesNotContain(rendezvous, g => g.Key.ToString()!.Contains(name, StringComparison.Ordinal));
        }
        finally
        {
            await groupSubscription.UnsubscribeAsync();
        }
    }

    /// <summary>A group name whose stream the coordination stream provider queues on the same queue as <paramref name="stream"/>.</summary>
    private static string GroupOnTheSameQueueAs(StreamId stream)
    {
        var queues = new HashRingBasedStreamQueueMapper(
            new HashRingStreamQueueMapperOptions { TotalQueueCount = CoordConstants.StreamQueueCount },
            CoordConstants.StreamProviderName);
        var queue = queues.GetQueueForStream(stream);
        for (var i = 0; ; i++)
        {
            var group = $"marker-{i}-{Guid.NewGuid():N}";
            if (queues.GetQueueForStream(StreamId.Create(CoordConstants.GroupStreamNamespace, group)).Equals(queue))
            {
                return group;
            }
        }
    }
}
