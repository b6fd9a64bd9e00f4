using Orleans.Coord.Elections;
using static Orleans.Coord.Tests.Elections.ElectionTestHelpers;
using Orleans.Coord.Client.Elections;

namespace Orleans.Coord.Tests.Elections;

/// <summary>The observer's resynchronisation: the difference between its view and a newer snapshot.</summary>
public sealed class ElectionViewTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ElectionLeader L(string member, long term, string value) =>
        new("e", member, Guid.Empty, Bytes(value), term, T0.AddSeconds(term), null);

    private static ElectionEvent E(ElectionEventKind kind, string member, long term, string value, long version) =>
        new("e", member, Guid.Empty, kind, "test", term, Bytes(value), version, T0);

    [Fact]
    public void Applying_events_then_resyncing_to_the_same_state_yields_nothing()
    {
        var view = new ElectionView(new ElectionSnapshot("e", 1, L("a", 1, "x"), 1, 0));
        view.Apply(E(ElectionEventKind.ValueChanged, "a", 1, "y", 2));
        view.Apply(E(ElectionEventKind.Resigned, "a", 1, "y", 3));
        view.Apply(E(ElectionEventKind.Elected, "b", 2, "z", 4));

        Assert.Empty(view.MoveTo(new ElectionSnapshot("e", 4, L("b", 2, "z"), 2, 0), T0));
        Assert.Equal(4, view.Version);
    }

    [Fact]
    public void A_missed_hand_over_yields_the_old_leaders_loss_then_the_new_election()
    {
        var view = new ElectionView(new ElectionSnapshot("e", 1, L("a", 1, "x"), 1, 0));

        var changes = view.MoveTo(new ElectionSnapshot("e", 7, L("b", 3, "z"), 3, 0), T0);

        Assert.Equal(
            [(ElectionEventKind.Lost, "a", 1L), (ElectionEventKind.Elected, "b", 3L)],
            changes.Select(c => (c.Kind, c.MemberId, c.Term)));
        Assert.All(changes, c => Assert.Equal((7L, true, "resync"), (c.Version, c.IsResync, c.Reason)));
        Assert.Equal(7, view.Version);
    }

    [Fact]
    public void A_missed_proclaim_yields_a_value_change_and_a_missed_loss_yields_the_loss()
    {
        var view = new ElectionView(new ElectionSnapshot("e", 1, L("a", 1, "x"), 1, 0));

        var proclaimed = Assert.Single(view.MoveTo(new ElectionSnapshot("e", 2, L("a", 1, "y"), 1, 0), T0));
        Assert.Equal((ElectionEventKind.ValueChanged, "y"), (proclaimed.Kind, Text(proclaimed.Value)));

        var lost = Assert.Single(view.MoveTo(new ElectionSnapshot("e", 3, null, 1, 0), T0));
        Assert.Equal((ElectionEventKind.Lost, "a", 1L), (lost.Kind, lost.MemberId, lost.Term));
        Assert.Empty(view.MoveTo(new ElectionSnapshot("e", 3, null, 1, 0), T0));
    }
}
