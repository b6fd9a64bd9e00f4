using Orleans.Coord.Groups;
using Orleans.Coord.Client.Groups;

namespace Orleans.Coord.Tests.Groups;

/// <summary>The watcher's resynchronisation: the difference between its view and a newer snapshot.</summary>
public sealed class GroupViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static GroupMember M(string id, int joined, int updated, string caps = "") =>
        new(id, System.Text.Encoding.UTF8.GetBytes(caps), T0.AddSeconds(joined), T0.AddSeconds(updated), Guid.Empty);

    [Fact]
    public void Applying_events_then_resyncing_to_the_same_state_yields_nothing()
    {
        var view = new GroupView(new GroupSnapshot("g", 1, [M("a", 1, 1)]));
        view.Apply(new GroupEvent("g", "b", GroupEventKind.Joined, "join", 2, T0.AddSeconds(2), []));
        Assert.Empty(view.MoveTo(new GroupSnapshot("g", 2, [M("a", 1, 1), M("b", 2, 2)]), T0));
        Assert.Equal(2, view.Version);
    }

    [Fact]
    public void A_resync_reports_joins_leaves_updates_and_rejoins_at_the_snapshot_version()
    {
        var view = new GroupView(new GroupSnapshot("g", 10, [M("stays", 1, 1), M("goes", 2, 2), M("updates", 3, 3, "old"), M("rejoins", 4, 4)]));
        var changes = view.MoveTo(new GroupSnapshot("g", 17, [M("stays", 1, 1), M("updates", 3, 9, "new"), M("rejoins", 8, 8), M("arrives", 7, 7)]), T0);

        Assert.Equal(
            new[] { "Left goes", "Left rejoins", "Joined arrives", "Joined rejoins", "CapabilitiesUpdated updates" }.Order(StringComparer.Ordinal),
            changes.Select(c => $"{c.Kind} {c.MemberId}").Order(StringComparer.Ordinal));
        Assert.All(changes, c =>
        {
            Assert.True(c.IsResync);
            Assert.Equal(17, c.Version);
        });
        Assert.Equal(17, view.Version);
        Assert.Empty(view.MoveTo(new GroupSnapshot("g", 17, [M("stays", 1, 1), M("updates", 3, 9, "new"), M("rejoins", 8, 8), M("arrives", 7, 7)]), T0));
    }
}
