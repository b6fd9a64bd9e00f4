using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Client;
using Orleans.Coord.Groups;
using Orleans.Coord.Server.Groups;
using Orleans.Coord.Testing;
using Orleans.Coord.TestServers;
using Orleans.Runtime;
using Orleans.Serialization;
using static Orleans.Coord.Tests.Telemetry.Tags;

namespace Orleans.Coord.Tests.Telemetry;

/// <summary>
/// The watch and storage instruments (in-process TestingHost silo). A change written behind the group grain's back
/// makes its next write stale: that write is refused (a conflict and a stale activation), the client sends the join
/// again (a resend), and the watch never gets the version written behind its back, so it waits for it (a gap wait)
/// and then re-reads the snapshot (a resync).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class WatchAndStorageInstrumentTests(TelemetryClusterFixture cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Writes_are_timed_by_backend_and_watch_events_are_counted_when_delivered()
    {
        using var metrics = cluster.Capture();
        var group = $"group-{Guid.NewGuid():N}";
        var a = await cluster.StartAsync("a");
        try
        {
            await a.Groups.CreateAsync(group);
            await using var watch = await a.Groups.OpenWatchAsync(group);
            var seen = Read(watch);
            await a.Groups.JoinAsync(group);
            await Poll.UntilAsync(() => seen.Count == 1, Patience, "the join is seen");
            Assert.Equal(1, metrics.Sum("orleans.coord.watch.events", Name(group), Primitive("group")));
            Assert.True(metrics.Count("orleans.coord.storage.write.duration", Backend("memory"), Outcome("ok")) >= 2);
            Assert.All(metrics.Values("orleans.coord.storage.write.duration"), seconds => Assert.InRange(seconds, 0, 5));
        }
        finally
        {
            await a.StopAsync();
        }
    }

    [Fact]
    public async Task A_write_behind_the_grains_back_counts_a_conflict_a_stale_activation_a_resend_a_gap_wait_and_a_resync()
    {
        using var metrics = cluster.Capture();
        var group = $"group-{Guid.NewGuid():N}";
        var a = await cluster.StartAsync("a");
        var b = await cluster.StartAsync("b");
        try
        {
            await a.Groups.JoinOrCreateAsync(group);
            await using var watch = await a.Groups.OpenWatchAsync(group);
            var seen = Read(watch);

            WriteGhostMemberBehindTheGrain(group);
            await b.Groups.JoinAsync(group);

            await Poll.UntilAsync(() => seen.Any(e => e.MemberId == "b"), Patience, "the watch catches up");
            Assert.Equal(1, metrics.Sum("orleans.coord.stale_activations", Backend("memory")));
            Assert.Equal(1, metrics.Count("orleans.coord.storage.write.duration", Backend("memory"), Outcome("conflict")));
            Assert.True(metrics.Sum("orleans.coord.client.resends", Reason("stale_activation")) >= 1);
            Assert.Equal(1, metrics.Sum("orleans.coord.watch.gap_waits", Name(group)));
            Assert.Equal(1, metrics.Sum("orleans.coord.watch.resyncs", Name(group), Primitive("group")));
            Assert.Contains(seen, e => e.MemberId == "ghost" && e.IsResync);
            Assert.Equal(seen.Count, metrics.Sum("orleans.coord.watch.events", Name(group)));
        }
        finally
        {
            await Task.WhenAll(a.StopAsync(), b.StopAsync());
        }
    }

    /// <summary>Adds member "ghost" (one version up) to the stored group record, as another writer would.</summary>
    private void WriteGhostMemberBehindTheGrain(string group)
    {
        var serializer = cluster.Silo.GetRequiredService<Serializer>();
        var grainId = cluster.Client.GetGrain<Orleans.Coord.Grains.IGroupGrain>(group).GetGrainId();
        var key = $"{cluster.Coord.Cluster.Options.ClusterId}/{CoordConstants.StorageName}/group/{grainId}";
        Assert.True(SharedMemoryStore.TryRead(key, out var record));
        var state = serializer.Deserialize<GroupState>(record!.Data);
        var now = DateTimeOffset.UtcNow;
        state!.Members["ghost"] = new GroupMember("ghost", [], now, now, Guid.NewGuid());
        state.Version++;
        Assert.NotNull(SharedMemoryStore.TryWrite(key, record.ETag, serializer.SerializeToArray(state), out _));
    }

    private static ConcurrentQueue<GroupEvent> Read(IGroupWatch watch)
    {
        var seen = new ConcurrentQueue<GroupEvent>();
        _ = Task.Run(async () =>
        {
            await foreach (var e in watch.ReadEventsAsync())
            {
                seen.Enqueue(e);
            }
        });
        return seen;
    }
}
