using Orleans.Coord.Elections;
using Orleans.Coord.Tests.Infrastructure;
using static Orleans.Coord.Tests.Elections.ElectionTestHelpers;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Elections;

/// <summary>Observers on other silos see every change of an election once, in version and term order.</summary>
[Collection(SharedClusterCollection.Name)]
public sealed class ElectionObserveTests(SharedClusterFixture fixture)
{
    private static readonly CoordinatorOptions LongTtl = new() { SessionTtl = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task Observers_on_other_silos_see_every_change_in_order()
    {
        var election = NewName("observe");
        await using var watcher1 = await Coordinator.StartAsync(fixture.ClientsBySilo[1], "w1", LongTtl);
        await using var watcher2 = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "w2", LongTtl);
        await using var observation1 = await watcher1.Elections.OpenObservationAsync(election);
        await using var observation2 = await watcher2.Elections.OpenObservationAsync(election);
        Assert.Null(observation1.Snapshot.Leader);
        await using var seen1 = new EventCollector<ElectionEvent>(ct => observation1.ReadEventsAsync(ct));
        await using var seen2 = new EventCollector<ElectionEvent>(ct => observation2.ReadEventsAsync(ct));

        var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", LongTtl);
        await using var b = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "b", LongTtl);
        var aLeads = await a.Elections.CampaignAsync(election, Bytes("a1"));
        await aLeads.ProclaimAsync(Bytes("a2"));
        var bWaits = b.Elections.CampaignAsync(election, Bytes("b1"));
        await WaitForCandidatesAsync(fixture.ClientsBySilo[0], election, 1);
        await a.StopAsync();
        var bLeads = await bWaits.WaitAsync(Long);
        var aAgain = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", LongTtl);
        var aWaits = aAgain.Elections.CampaignAsync(election, Bytes("a3"));
        await WaitForCandidatesAsync(fixture.ClientsBySilo[0], election, 1);
        Assert.True(await bLeads.ResignAsync());
        await using var aLeadsAgain = await aWaits.WaitAsync(Long);

        (ElectionEventKind, string, long, string, string)[] expected =
        [
            (ElectionEventKind.Elected, "a", aLeads.Term, "a1", "campaign"),
            (ElectionEventKind.ValueChanged, "a", aLeads.Term, "a2", "proclaim"),
            (ElectionEventKind.Lost, "a", aLeads.Term, "a2", "session stopped"),
            (ElectionEventKind.Elected, "b", bLeads.Term, "b1", "campaign"),
            (ElectionEventKind.Resigned, "b", bLeads.Term, "b1", "resign"),
            (ElectionEventKind.Elected, "a", aLeadsAgain.Term, "a3", "campaign"),
        ];
        foreach (var seen in new[] { seen1, seen2 })
        {
            await seen.WaitForAsync(e => e.Count >= expected.Length, $"{expected.Length} election events arrive");
            var items = seen.Items;
            Assert.Equal(expected, items.Select(e => (e.Kind, e.MemberId, e.Term, Text(e.Value), e.Reason)));
            Assert.Equal(
                Enumerable.Range(1, expected.Length).Select(i => observation1.Snapshot.Version + i),
                items.Select(e => e.Version));
            Assert.Equal(items.Select(e => e.Term).Order(), items.Select(e => e.Term));
            Assert.All(items, e => Assert.False(e.IsResync));
        }

        await aAgain.DisposeAsync();
        await a.DisposeAsync();
    }

    [Fact]
    public async Task An_observation_started_while_someone_leads_reports_the_leader_in_its_snapshot()
    {
        var election = NewName("observe-late");
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", LongTtl);
        await using var aLeads = await a.Elections.CampaignAsync(election, Bytes("a"));
        await using var watcher = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "w", LongTtl);

        await using var observation = await watcher.Elections.OpenObservationAsync(election);

        Assert.Equal(("a", aLeads.Term, "a"), (observation.Snapshot.Leader!.MemberId, observation.Snapshot.Leader.Term, Text(observation.Snapshot.Leader.Value)));
        Assert.Equal(aLeads.Term, observation.Snapshot.LastTerm);
        await using var seen = new EventCollector<ElectionEvent>(ct => observation.ReadEventsAsync(ct));
        Assert.True(await aLeads.ResignAsync());
        await seen.WaitForAsync(e => e.Count >= 1, "the resignation is seen");
        var resigned = Assert.Single(seen.Items);
        Assert.Equal((ElectionEventKind.Resigned, "a", aLeads.Term), (resigned.Kind, resigned.MemberId, resigned.Term));
    }
}
