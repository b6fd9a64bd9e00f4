using Orleans.Coord.Elections;
using Orleans.Coord.Tests.Infrastructure;
using static Orleans.Coord.Tests.Elections.ElectionTestHelpers;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Elections;

/// <summary>
/// Group-tied elections (Tooz's <c>watch_elected_as_leader(group)</c>): only members of the group may campaign, and a
/// leader that leaves the group gives up the leadership to the next member in line.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class GroupElectionTests(SharedClusterFixture fixture)
{
    private static readonly CoordinatorOptions LongTtl = new() { SessionTtl = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task Only_members_of_the_group_can_campaign()
    {
        var group = NewName("g");
        var election = NewName("tied");
        await using var outsider = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "outsider", LongTtl);
        var options = new CampaignOptions { Group = group };

        // The group does not even exist yet.
        var missing = await Assert.ThrowsAsync<MemberNotJoinedException>(() => outsider.Elections.CampaignAsync(election, Bytes("x"), options));
        Assert.Equal((group, "outsider"), (missing.Group, missing.MemberId));
        await outsider.Groups.CreateAsync(group);
        await Assert.ThrowsAsync<MemberNotJoinedException>(() => outsider.Elections.TryCampaignAsync(election, Bytes("x"), options));
        Assert.Null(await outsider.Elections.GetLeaderAsync(election));

        await outsider.Groups.JoinAsync(group);
        await using var leads = await outsider.Elections.CampaignAsync(election, Bytes("x"), options);
        var leader = await outsider.Elections.GetLeaderAsync(election);
        Assert.Equal(("outsider", group), (leader!.MemberId, leader.Group));
    }

    [Fact]
    public async Task A_leader_that_leaves_the_group_gives_up_the_leadership_to_the_next_member()
    {
        var group = NewName("g");
        var election = NewName("tied");
        var options = new CampaignOptions { Group = group };
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", LongTtl);
        await using var b = await Coordinator.StartAsync(fixture.ClientsBySilo[1], "b", LongTtl);
        await using var watcher = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "w", LongTtl);
        await a.Groups.JoinOrCreateAsync(group);
        await b.Groups.JoinAsync(group);
        await using var observation = await watcher.Elections.OpenObservationAsync(election);
        await using var seen = new EventCollector<ElectionEvent>(ct => observation.ReadEventsAsync(ct));
        var aLeads = await a.Elections.CampaignAsync(election, Bytes("a"), options);
        var bWaits = b.Elections.CampaignAsync(election, Bytes("b"), options);
        await WaitForCandidatesAsync(fixture.ClientsBySilo[0], election, 1);

        await a.Groups.LeaveAsync(group);

        await using var bLeads = await bWaits.WaitAsync(Long);
        Assert.True(bLeads.Term > aLeads.Term);
        await Poll.UntilAsync(() => aLeads.Lost.IsCancellationRequested, Long, "the leader that left the group is told it lost the leadership");
        Assert.False(a.Lost.IsCancellationRequested);
        Assert.Equal("b", (await watcher.Elections.GetLeaderAsync(election))!.MemberId);
        await seen.WaitForAsync(e => e.Count >= 3, "three election events arrive");
        Assert.Equal(
            [
                (ElectionEventKind.Elected, "a", "campaign"),
                (ElectionEventKind.Lost, "a", "left group"),
                (ElectionEventKind.Elected, "b", "campaign"),
            ],
            seen.Items.Select(e => (e.Kind, e.MemberId, e.Reason)));

        // Having left, a may not campaign again.
        await Assert.ThrowsAsync<MemberNotJoinedException>(() => a.Elections.CampaignAsync(election, Bytes("a"), options));
    }

    [Fact]
    public async Task A_waiting_candidate_that_left_the_group_is_passed_over_and_its_campaign_fails()
    {
        var group = NewName("g");
        var election = NewName("tied");
        var options = new CampaignOptions { Group = group };
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", LongTtl);
        await using var b = await Coordinator.StartAsync(fixture.ClientsBySilo[1], "b", LongTtl);
        await using var c = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "c", LongTtl);
        foreach (var s in new[] { a, b, c })
        {
            await s.Groups.JoinOrCreateAsync(group);
        }

        var aLeads = await a.Elections.CampaignAsync(election, Bytes("a"), options);
        var bWaits = b.Elections.CampaignAsync(election, Bytes("b"), options);
        await WaitForCandidatesAsync(fixture.ClientsBySilo[0], election, 1);
        var cWaits = c.Elections.CampaignAsync(election, Bytes("c"), options);
        await WaitForCandidatesAsync(fixture.ClientsBySilo[0], election, 2);
        await b.Groups.LeaveAsync(group);

        Assert.True(await aLeads.ResignAsync());

        await using var cLeads = await cWaits.WaitAsync(Long);
        Assert.Equal("c", (await a.Elections.GetLeaderAsync(election))!.MemberId);
        await Assert.ThrowsAsync<MemberNotJoinedException>(() => bWaits.WaitAsync(Long));
    }
}
