using Orleans.Coord.Grains;
using Orleans.Coord.Groups;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Tests.Watching;
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
        var client = fixture.ClientsBySilo[2];
        var sessions = await Task.WhenAll(Enumerable.Range(0, Members).Select(i =>
            Coordinator.StartAsync(fixture.ClientsBySilo[i % 3], $"m{i:00}", new CoordinatorOptions())));
        try
        {
            await sessions[0].Groups.CreateAsync(group);
            using var recorder = new EventRecorder<GroupEvent>(client);
            Assert.Equal(0, await client.GetGrain<IGroupGrain>(group).WatchAsync(recorder.Reference, TimeSpan.FromMinutes(1)));

            await Task.WhenAll(sessions.Select(s => s.Groups.JoinAsync(group)));

            var snapshot = await client.GetGrain<IGroupGrain>(group).GetSnapshotAsync();
            Assert.Equal(Members, snapshot.Version);
            Assert.Equal(sessions.Select(s => s.MemberId).Order(StringComparer.Ordinal), snapshot.Members.Select(m => m.MemberId));

            await Wait.UntilAsync(() => recorder.Events.Count >= Members, Patience, "every join is pushed");
            var pushed = recorder.Events.ToArray();
            Assert.Equal(Enumerable.Range(1, Members).Select(v => (long)v), pushed.Select(e => e.Version).Order());
            Assert.All(pushed, e => Assert.Equal(GroupEventKind.Joined, e.Kind));
            Assert.Equal(Members, pushed.Select(e => e.MemberId).Distinct().Count());
        }
        finally
        {
            await Task.WhenAll(sessions.Select(s => s.DisposeAsync().AsTask()));
        }
    }
}
