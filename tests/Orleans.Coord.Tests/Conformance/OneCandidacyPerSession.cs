using Orleans.Coord.Client;
using static Orleans.Coord.Tests.Elections.ElectionTestHelpers;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>
/// A session campaigns once per election: a second campaign of a session that leads, or that already waits, fails at
/// once with <see cref="AlreadyCampaigningException"/> instead of waiting behind itself forever, and changes nothing.
/// </summary>
public abstract partial class ConformanceTests
{
    [Fact]
    public async Task A_session_that_leads_cannot_campaign_again_and_nothing_changes()
    {
        var election = NewName("again");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", LongTtl);
        await using var leadership = await a.Elections.CampaignAsync(election, Bytes("first"));

        var blocking = await Assert.ThrowsAsync<AlreadyCampaigningException>(() => a.Elections.CampaignAsync(election, Bytes("second")).WaitAsync(Long));
        var trying = await Assert.ThrowsAsync<AlreadyCampaigningException>(() => a.Elections.TryCampaignAsync(election, Bytes("second")).WaitAsync(Long));

        Assert.All(new[] { blocking, trying }, e => Assert.Equal((election, "a", (long?)leadership.Term), (e.Election, e.MemberId, e.Term)));
        var leader = await a.Elections.GetLeaderAsync(election);
        Assert.Equal(("a", leadership.Term, "first"), (leader!.MemberId, leader.Term, Text(leader.Value)));
        Assert.False(leadership.Lost.IsCancellationRequested);
        Assert.True(await leadership.ResignAsync());
        Assert.Null(await a.Elections.GetLeaderAsync(election));
    }

    [Fact]
    public async Task A_session_that_waits_cannot_campaign_again_and_keeps_its_place()
    {
        var election = NewName("waits");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", LongTtl);
        await using var b = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "b", LongTtl);
        await using var aLeads = await a.Elections.CampaignAsync(election, Bytes("a"));
        var bWaits = b.Elections.CampaignAsync(election, Bytes("b"));
        await WaitForCandidatesAsync(Cluster.ClientOnSilo(0), election, 1);

        var again = await Assert.ThrowsAsync<AlreadyCampaigningException>(() => b.Elections.CampaignAsync(election, Bytes("b2")).WaitAsync(Long));
        Assert.Null(again.Term);
        await WaitForCandidatesAsync(Cluster.ClientOnSilo(0), election, 1);

        Assert.True(await aLeads.ResignAsync());
        await using var bLeads = await bWaits.WaitAsync(Long);
        Assert.Equal("b", Text(bLeads.Value));
        Assert.True(bLeads.Term > aLeads.Term);
    }
}
