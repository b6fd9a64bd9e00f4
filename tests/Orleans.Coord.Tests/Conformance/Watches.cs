using Orleans.Coord.Groups;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>Watches pushed through the group's stream reach clients on every silo, once each and in version order, on every backend.</summary>
public abstract partial class ConformanceTests
{
    [Fact]
    public async Task Watchers_on_every_silo_see_each_change_once_in_version_order()
    {
        var group = $"w-{Guid.NewGuid():N}";
        await using var actor = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "actor", Defaults);
        await actor.Groups.CreateAsync(group);

        var watchers = new List<(ICoordinator Session, IGroupWatch Watch, EventCollector<GroupEvent> Events)>();
        for (var i = 0; i < 3; i++)
        {
            var session = await Coordinator.StartAsync(Cluster.ClientOnSilo(i), $"watcher{i}", Defaults);
            var watch = await session.Groups.OpenWatchAsync(group);
            Assert.Empty(watch.Snapshot.Members);
            watchers.Add((session, watch, new EventCollector<GroupEvent>(ct => watch.ReadEventsAsync(ct))));
        }

        try
        {
            await actor.Groups.JoinAsync(group, "v1"u8.ToArray());
            foreach (var (_, _, events) in watchers)
            {
                await events.WaitForAsync(e => e.Any(x => x.Kind == GroupEventKind.Joined && x.MemberId == "actor"), "the first join is seen");
            }

            await actor.Groups.UpdateCapabilitiesAsync(group, "v2"u8.ToArray());
            await using (var other = await Coordinator.StartAsync(Cluster.ClientOnSilo(2), "other", Defaults))
            {
                await other.Groups.JoinAsync(group);
                await other.Groups.LeaveAsync(group);
            }

            await actor.Groups.LeaveAsync(group);
            foreach (var (_, _, events) in watchers)
            {
                await events.WaitForAsync(e => e.Count(x => x.MemberId == "actor" && x.Kind == GroupEventKind.Left) == 1, "the final leave is seen");
                var seen = events.Items;
                var versions = seen.Select(x => x.Version).ToArray();
                Assert.Equal(versions.Order().ToArray(), versions);
                Assert.Equal(versions.Distinct().Count(), versions.Length);
                Assert.Equal(
                    ["Joined actor", "CapabilitiesUpdated actor", "Joined other", "Left other", "Left actor"],
                    seen.Select(x => $"{x.Kind} {x.MemberId}"));
                Assert.All(seen, x => Assert.False(x.IsResync));
                Assert.Equal("v2", System.Text.Encoding.UTF8.GetString(seen[1].Capabilities));
            }
        }
        finally
        {
            foreach (var (session, watch, events) in watchers)
            {
                await events.DisposeAsync();
                await watch.DisposeAsync();
                await session.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Watching_a_missing_group_fails_with_group_not_found()
    {
        await using var s = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "w", Defaults);
        await Assert.ThrowsAsync<GroupNotFoundException>(async () =>
        {
            await foreach (var _ in s.Groups.WatchAsync($"missing-{Guid.NewGuid():N}"))
            {
            }
        });
    }
}
