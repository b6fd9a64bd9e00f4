using Orleans.Coord.Groups;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Groups;

/// <summary>
/// Joins that reach a group at the same time share its writes; each must still be a change of its own: its own
/// version, its own event, and a snapshot that holds them all.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class ConcurrentJoinTests(SharedClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Joins_at_the_same_time_each_get_their_own_version_and_event()
    {
        const int Members = 12;
        var group = $"concurrent-{Guid.NewGuid():N}";
        var sessions = await Task.WhenAll(Enumerable.Range(0, Members).Select(i =>
            Coordinator.StartAsync(fixture.ClientsBySilo[i % 3], $"m{i:00}", new CoordinatorOptions())));
        try
        {
            await sessions[0].Groups.CreateAsync(group);
            await using var watch = await sessions[0].Groups.OpenWatchAsync(group);
            Assert.Equal(0, watch.Snapshot.Version);
            await using var events = new EventCollector<GroupEvent>(ct => watch.ReadEventsAsync(ct));

            await Task.WhenAll(sessions.Select(s => s.Groups.JoinAsync(group)));

            var snapshot = await sessions[1].Groups.GetSnapshotAsync(group);
            Assert.Equal(Members, snapshot.Version);
            Assert.Equal(sessions.Select(s => s.MemberId).Order(StringComparer.Ordinal), snapshot.Members.Select(m => m.MemberId));

            await events.WaitForAsync(e => e.Count >= Members, "every join is seen", Patience);
            var seen = events.Items.ToArray();
            Assert.Equal(Enumerable.Range(1, Members).Select(v => (long)v), seen.Select(e => e.Version));
            Assert.All(seen, e => Assert.Equal(GroupEventKind.Joined, e.Kind));
            Assert.All(seen, e => Assert.False(e.IsResync));
            Assert.Equal(Members, seen.Select(e => e.MemberId).Distinct().Count());
        }
        finally
        {
            await Task.WhenAll(sessions.Select(s => s.DisposeAsync().AsTask()));
        }
    }
}
