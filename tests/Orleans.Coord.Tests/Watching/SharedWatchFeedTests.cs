using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Client;
using Orleans.Coord.Client.Watching;
using Orleans.Coord.Elections;
using Orleans.Coord.Grains;
using Orleans.Coord.Groups;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.Watching;

/// <summary>
/// The watches of one client share one feed per watched grain (<see cref="WatchFeeds"/>): one push registration and
/// one stream subscription, with every event fanned out in the client to each watch, which keeps its own order and
/// snapshot. Counted here through the client's table of feeds; the grain's side (one registration per client) is
/// in <c>ResourceLimitTests</c>.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class SharedWatchFeedTests(SharedClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly CoordinatorOptions LongTtl = new() { SessionTtl = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task Many_watches_of_one_client_share_one_feed_and_each_sees_every_event_once_in_order()
    {
        var client = fixture.ClientOnSilo(1);
        var group = $"feed-{Guid.NewGuid():N}";
        await using var actor = await Coordinator.StartAsync(fixture.ClientOnSilo(0), "actor", LongTtl);
        await using var first = await Coordinator.StartAsync(client, "watcher-1", LongTtl);
        await using var second = await Coordinator.StartAsync(client, "watcher-2", LongTtl);
        await actor.Groups.CreateAsync(group);
        var watches = new List<IGroupWatch>();
        for (var i = 0; i < 12; i++)
        {
            watches.Add(await (i % 2 == 0 ? first : second).Groups.OpenWatchAsync(group));
        }

        var collectors = watches.Select(w => new EventCollector<GroupEvent>(ct => w.ReadEventsAsync(ct))).ToList();
        try
        {
            Assert.Equal(12, WatchesOf(client, group));
            Assert.Equal(0, WatchesOf(fixture.ClientOnSilo(2), group));

            await actor.Groups.JoinAsync(group, "v1"u8.ToArray());
            await actor.Groups.UpdateCapabilitiesAsync(group, "v2"u8.ToArray());
            await actor.Groups.LeaveAsync(group);
            await actor.Groups.JoinAsync(group);

            string[] expected = ["Joined 1", "CapabilitiesUpdated 2", "Left 3", "Joined 4"];
            foreach (var events in collectors)
            {
                await events.WaitForAsync(e => e.Count >= expected.Length, "every watch sees the four changes", Patience);
                Assert.Equal(expected, events.Items.Select(e => $"{e.Kind} {e.Version}"));
                Assert.All(events.Items, e => Assert.False(e.IsResync));
            }
        }
        finally
        {
            await DisposeAllAsync(collectors, watches);
        }

        Assert.Equal(0, WatchesOf(client, group));
    }

    [Fact]
    public async Task Disposing_one_watch_leaves_the_others_and_a_later_watch_sees_every_event_after_its_own_snapshot()
    {
        var client = fixture.ClientOnSilo(2);
        var group = $"feed-{Guid.NewGuid():N}";
        await using var actor = await Coordinator.StartAsync(fixture.ClientOnSilo(0), "actor", LongTtl);
        await using var watcher = await Coordinator.StartAsync(client, "watcher", LongTtl);
        await actor.Groups.CreateAsync(group);
        var early = new List<IGroupWatch>();
        for (var i = 0; i < 3; i++)
        {
            early.Add(await watcher.Groups.OpenWatchAsync(group));
        }

        var collectors = early.Select(w => new EventCollector<GroupEvent>(ct => w.ReadEventsAsync(ct))).ToList();
        var watches = new List<IGroupWatch>(early);
        try
        {
            await actor.Groups.JoinAsync(group);
            await collectors[0].WaitForAsync(e => e.Count == 1, "the first watch sees the join", Patience);

            // One watch goes (its reader first), while changes keep coming: the others are not disturbed.
            var changes = Task.Run(async () =>
            {
                for (var i = 0; i < 5; i++)
                {
                    await actor.Groups.UpdateCapabilitiesAsync(group, new[] { (byte)i });
                }
            });
            await collectors[0].DisposeAsync();
            await early[0].DisposeAsync();
            collectors.RemoveAt(0);
            watches.RemoveAt(0);
            await changes;
            Assert.Equal(2, WatchesOf(client, group));

            var late = await watcher.Groups.OpenWatchAsync(group);
            watches.Add(late);
            var lateEvents = new EventCollector<GroupEvent>(ct => late.ReadEventsAsync(ct));
            collectors.Add(lateEvents);
            Assert.Equal(6, late.Snapshot.Version);
            Assert.Equal(3, WatchesOf(client, group));
            await actor.Groups.LeaveAsync(group);

            await lateEvents.WaitForAsync(e => e.Count >= 1, "the late watch sees the leave", Patience);
            Assert.Equal(["Left 7"], lateEvents.Items.Select(e => $"{e.Kind} {e.Version}"));
            foreach (var events in collectors.Take(2))
            {
                await events.WaitForAsync(e => e.Count >= 7, "the early watches see all seven changes", Patience);
                Assert.Equal(Enumerable.Range(1, 7).Select(v => (long)v), events.Items.Select(e => e.Version));
            }
        }
        finally
        {
            await DisposeAllAsync(collectors, watches);
        }

        Assert.Equal(0, WatchesOf(client, group));
    }

    [Fact]
    public async Task A_sessions_stop_leaves_the_watches_it_shares_a_feed_with_and_its_own_until_they_are_disposed()
    {
        var client = fixture.ClientOnSilo(0);
        var group = $"feed-{Guid.NewGuid():N}";
        await using var actor = await Coordinator.StartAsync(fixture.ClientOnSilo(1), "actor", LongTtl);
        var leaving = await Coordinator.StartAsync(client, "leaving", LongTtl);
        await using var staying = await Coordinator.StartAsync(client, "staying", LongTtl);
        await actor.Groups.CreateAsync(group);
        var leavingWatch = await leaving.Groups.OpenWatchAsync(group);
        await using var stayingWatch = await staying.Groups.OpenWatchAsync(group);
        await using var events = new EventCollector<GroupEvent>(ct => stayingWatch.ReadEventsAsync(ct));
        Assert.Equal(2, WatchesOf(client, group));

        await leaving.StopAsync();
        Assert.Equal(2, WatchesOf(client, group));
        await leavingWatch.DisposeAsync();
        Assert.Equal(1, WatchesOf(client, group));
        await actor.Groups.JoinAsync(group);

        await events.WaitForAsync(e => e.Any(x => x.Kind == GroupEventKind.Joined && x.MemberId == "actor"), "the other session's watch still gets events", Patience);
    }

    [Fact]
    public async Task Observations_of_one_election_share_one_feed()
    {
        var client = fixture.ClientOnSilo(1);
        var election = $"feed-{Guid.NewGuid():N}";
        await using var observer = await Coordinator.StartAsync(client, "observer", LongTtl);
        await using var candidate = await Coordinator.StartAsync(fixture.ClientOnSilo(2), "candidate", LongTtl);
        var observations = new List<IElectionObservation>();
        for (var i = 0; i < 3; i++)
        {
            observations.Add(await observer.Elections.OpenObservationAsync(election));
        }

        var collectors = observations.Select(o => new EventCollector<ElectionEvent>(ct => o.ReadEventsAsync(ct))).ToList();
        try
        {
            var key = new WatchFeedKey(client.GetGrain<IElectionGrain>(election).GetGrainId(), CoordConstants.ElectionStreamNamespace);
            Assert.Equal(3, WatchFeeds.Of(client).WatchesOf(key));
            await using var leads = await candidate.Elections.CampaignAsync(election, "v"u8.ToArray());
            foreach (var events in collectors)
            {
                await events.WaitForAsync(e => e.Any(x => x.Kind == ElectionEventKind.Elected && x.Term == leads.Term), "every observation sees the election", Patience);
            }
        }
        finally
        {
            foreach (var events in collectors)
            {
                await events.DisposeAsync();
            }

            foreach (var observation in observations)
            {
                await observation.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Watches_opened_and_disposed_concurrently_leave_a_steady_watch_every_event_and_no_feed_behind()
    {
        var client = fixture.ClientOnSilo(2);
        var group = $"feed-{Guid.NewGuid():N}";
        await using var actor = await Coordinator.StartAsync(fixture.ClientOnSilo(0), "actor", LongTtl);
        var sessions = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Coordinator.StartAsync(client, $"churn-{i}", LongTtl)));
        await actor.Groups.CreateAsync(group);
        await actor.Groups.JoinAsync(group);
        var steady = await sessions[0].Groups.OpenWatchAsync(group);
        var steadyEvents = new EventCollector<GroupEvent>(ct => steady.ReadEventsAsync(ct));
        try
        {
            const int Changes = 20;
            var changes = Task.Run(async () =>
            {
                for (var i = 0; i < Changes; i++)
                {
                    await actor.Groups.UpdateCapabilitiesAsync(group, new[] { (byte)i });
                }
            });
            var churn = sessions.Select(session => Task.Run(async () =>
            {
                for (var round = 0; round < 8; round++)
                {
                    var watch = await session.Groups.OpenWatchAsync(group);
                    var events = new EventCollector<GroupEvent>(ct => watch.ReadEventsAsync(ct));
                    // Disposed while events are being written to it: neither its reader nor the feed may fail.
                    await watch.DisposeAsync();
                    await events.DisposeAsync();
                    Assert.Null(events.Error);
                    var versions = events.Items.Select(e => e.Version).ToArray();
                    Assert.Equal(versions.Order(), versions);
                }
            })).ToArray();
            await Task.WhenAll(churn);
            await changes;
            Assert.Equal(1, WatchesOf(client, group));

            await actor.Groups.LeaveAsync(group);
            var last = (await actor.Groups.GetSnapshotAsync(group)).Version;
            await steadyEvents.WaitForAsync(e => e.Count > 0 && e[^1].Version == last, "the steady watch reaches the last version", Patience);
            Assert.Equal(Changes + 1, last - steady.Snapshot.Version);
            Assert.Equal(Enumerable.Range(1, Changes + 1).Select(i => steady.Snapshot.Version + i), steadyEvents.Items.Select(e => e.Version));
            Assert.All(steadyEvents.Items, e => Assert.False(e.IsResync));
            Assert.Null(steadyEvents.Error);
        }
        finally
        {
            await steadyEvents.DisposeAsync();
            await steady.DisposeAsync();
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }
        }

        Assert.Equal(0, WatchesOf(client, group));
    }

    [Fact]
    public async Task A_feed_ended_and_started_again_by_racing_watches_still_delivers_and_is_gone_after_the_last()
    {
        var client = fixture.ClientOnSilo(1);
        var group = $"feed-{Guid.NewGuid():N}";
        await using var actor = await Coordinator.StartAsync(fixture.ClientOnSilo(0), "actor", LongTtl);
        var sessions = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Coordinator.StartAsync(client, $"race-{i}", LongTtl)));
        await actor.Groups.CreateAsync(group);
        try
        {
            // No watch stays: the last dispose of one task races with the next open of another, again and again.
            await Task.WhenAll(sessions.Select(session => Task.Run(async () =>
            {
                for (var round = 0; round < 10; round++)
                {
                    await (await session.Groups.OpenWatchAsync(group)).DisposeAsync();
                }
            })));
            Assert.Equal(0, WatchesOf(client, group));

            await using var watch = await sessions[0].Groups.OpenWatchAsync(group);
            await using var events = new EventCollector<GroupEvent>(ct => watch.ReadEventsAsync(ct));
            await actor.Groups.JoinAsync(group);
            await events.WaitForAsync(e => e.Count == 1 && e[0].Kind == GroupEventKind.Joined, "a watch after the races sees the join", Patience);
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }
        }

        Assert.Equal(0, WatchesOf(client, group));
    }

    [Fact]
    public async Task Sessions_inside_a_silo_share_the_silos_feed()
    {
        var services = ((InProcessSiloHandle)fixture.Coord.Cluster.Primary!).SiloHost.Services;
        var grains = services.GetRequiredService<IGrainFactory>();
        var group = $"feed-{Guid.NewGuid():N}";
        await using var actor = await Coordinator.StartAsync(fixture.ClientOnSilo(1), "actor", LongTtl);
        await using var first = await Coordinator.StartAsync(grains, services, "in-silo-1", LongTtl);
        await using var second = await Coordinator.StartAsync(grains, services, "in-silo-2", LongTtl);
        await actor.Groups.CreateAsync(group);
        await using var firstWatch = await first.Groups.OpenWatchAsync(group);
        await using var secondWatch = await second.Groups.OpenWatchAsync(group);
        await using var firstEvents = new EventCollector<GroupEvent>(ct => firstWatch.ReadEventsAsync(ct));
        await using var secondEvents = new EventCollector<GroupEvent>(ct => secondWatch.ReadEventsAsync(ct));

        Assert.Equal(2, WatchesOf(grains, group));
        await actor.Groups.JoinAsync(group);

        foreach (var events in new[] { firstEvents, secondEvents })
        {
            await events.WaitForAsync(e => e.Count == 1 && e[0].Kind == GroupEventKind.Joined, "each in-silo watch sees the join", Patience);
        }
    }

    private static int WatchesOf(IGrainFactory client, string group) =>
        WatchFeeds.Of(client).WatchesOf(new WatchFeedKey(client.GetGrain<IGroupGrain>(group).GetGrainId(), CoordConstants.GroupStreamNamespace));

    private static async Task DisposeAllAsync(IEnumerable<EventCollector<GroupEvent>> collectors, IEnumerable<IGroupWatch> watches)
    {
        foreach (var events in collectors)
        {
            await events.DisposeAsync();
        }

        foreach (var watch in watches)
        {
            await watch.DisposeAsync();
        }
    }
}
