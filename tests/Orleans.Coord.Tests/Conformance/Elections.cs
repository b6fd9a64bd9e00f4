using System.Diagnostics;
using Orleans.Coord.Tests.Infrastructure;
using static Orleans.Coord.Tests.Elections.ElectionTestHelpers;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>Campaigns, FIFO hand-over, resignation, session stop, proclaim and try-campaign on the shared 3-silo Cluster.</summary>
public abstract partial class ConformanceTests
{
    private static readonly CoordinatorOptions LongTtl = new() { SessionTtl = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task A_single_candidate_leads_with_its_value_and_a_positive_term()
    {
        var election = NewName("single");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", LongTtl);

        await using var leadership = await a.Elections.CampaignAsync(election, Bytes("http://a"));

        Assert.Equal(election, leadership.Election);
        Assert.True(leadership.Term > 0);
        Assert.Equal("http://a", Text(leadership.Value));
        Assert.False(leadership.Lost.IsCancellationRequested);
        var leader = await a.Elections.GetLeaderAsync(election);
        Assert.NotNull(leader);
        Assert.Equal(("a", a.SessionId, leadership.Term, "http://a"), (leader.MemberId, leader.SessionId, leader.Term, Text(leader.Value)));
        Assert.Null(leader.Group);
    }

    [Fact]
    public async Task Candidates_are_elected_first_in_first_out_with_increasing_terms()
    {
        var election = NewName("fifo");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", LongTtl);
        await using var b = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "b", LongTtl);
        await using var c = await Coordinator.StartAsync(Cluster.ClientOnSilo(2), "c", LongTtl);
        var first = await a.Elections.CampaignAsync(election, Bytes("a"));
        var second = b.Elections.CampaignAsync(election, Bytes("b"));
        await WaitForCandidatesAsync(Cluster.ClientOnSilo(0), election, 1);
        var third = c.Elections.CampaignAsync(election, Bytes("c"));
        await WaitForCandidatesAsync(Cluster.ClientOnSilo(0), election, 2);
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);

        Assert.True(await first.ResignAsync());
        var bLeads = await second.WaitAsync(Long);
        Assert.Equal("b", (await a.Elections.GetLeaderAsync(election))!.MemberId);
        Assert.False(third.IsCompleted);

        Assert.True(await bLeads.ResignAsync());
        await using var cLeads = await third.WaitAsync(Long);
        Assert.Equal("c", (await a.Elections.GetLeaderAsync(election))!.MemberId);

        Assert.True(first.Term < bLeads.Term && bLeads.Term < cLeads.Term, $"terms {first.Term}, {bLeads.Term}, {cLeads.Term}");
        // A resigned leadership is not lost, and resigning twice changes nothing.
        Assert.False(first.Lost.IsCancellationRequested);
        Assert.False(await first.ResignAsync());
    }

    [Fact]
    public async Task Resigning_hands_the_leadership_over_and_back_with_ever_higher_terms()
    {
        var election = NewName("back");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "a", LongTtl);
        await using var b = await Coordinator.StartAsync(Cluster.ClientOnSilo(2), "b", LongTtl);
        var terms = new List<long>();

        var aLeads = await a.Elections.CampaignAsync(election, Bytes("a1"));
        terms.Add(aLeads.Term);
        var bWaits = b.Elections.CampaignAsync(election, Bytes("b1"));
        await WaitForCandidatesAsync(Cluster.ClientOnSilo(0), election, 1);
        await aLeads.DisposeAsync(); // disposing resigns
        var bLeads = await bWaits.WaitAsync(Long);
        terms.Add(bLeads.Term);

        var aWaits = a.Elections.CampaignAsync(election, Bytes("a2"));
        await WaitForCandidatesAsync(Cluster.ClientOnSilo(0), election, 1);
        Assert.True(await bLeads.ResignAsync());
        await using var aAgain = await aWaits.WaitAsync(Long);
        terms.Add(aAgain.Term);

        Assert.Equal(terms.Order(), terms);
        Assert.Equal(3, terms.Distinct().Count());
        var leader = await b.Elections.GetLeaderAsync(election);
        Assert.Equal(("a", aAgain.Term, "a2"), (leader!.MemberId, leader.Term, Text(leader.Value)));
    }

    [Fact]
    public async Task Stopping_the_leaders_session_elects_the_next_candidate_at_once()
    {
        var election = NewName("stop");
        var leaderSession = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "leader", LongTtl);
        await using var next = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "next", LongTtl);
        var leading = await leaderSession.Elections.CampaignAsync(election, Bytes("l"));
        var waiting = next.Elections.CampaignAsync(election, Bytes("n"));
        await WaitForCandidatesAsync(Cluster.ClientOnSilo(2), election, 1);

        var stopwatch = Stopwatch.StartNew();
        await leaderSession.StopAsync();
        await using var elected = await waiting.WaitAsync(Long);

        // The TTL is 5 minutes: only the stop can have handed the leadership over.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"hand-over took {stopwatch.Elapsed}");
        Assert.True(elected.Term > leading.Term);
        Assert.Equal("next", (await next.Elections.GetLeaderAsync(election))!.MemberId);
        await Poll.UntilAsync(() => leading.Lost.IsCancellationRequested, Long, "the stopped leader's Lost fires");
        await leaderSession.DisposeAsync();
    }

    [Fact]
    public async Task Try_campaign_returns_null_at_once_while_someone_leads()
    {
        var election = NewName("try");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", LongTtl);
        await using var b = await Coordinator.StartAsync(Cluster.ClientOnSilo(2), "b", LongTtl);
        var aLeads = await a.Elections.TryCampaignAsync(election, Bytes("a"));
        Assert.NotNull(aLeads);

        Assert.Null(await b.Elections.TryCampaignAsync(election, Bytes("b")));
        // The leader itself is not re-elected either: it is told it already leads.
        await Assert.ThrowsAsync<AlreadyCampaigningException>(() => a.Elections.TryCampaignAsync(election, Bytes("a again")));
        Assert.Equal(("a", aLeads.Term), ((await b.Elections.GetLeaderAsync(election))!.MemberId, (await b.Elections.GetLeaderAsync(election))!.Term));

        Assert.True(await aLeads.ResignAsync());
        Assert.Null(await b.Elections.GetLeaderAsync(election));
        await using var bLeads = await b.Elections.TryCampaignAsync(election, Bytes("b"));
        Assert.NotNull(bLeads);
        Assert.True(bLeads.Term > aLeads.Term);
    }

    [Fact]
    public async Task Only_the_leader_can_proclaim_and_the_new_value_is_visible()
    {
        var election = NewName("proclaim");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "a", LongTtl);
        await using var b = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "b", LongTtl);
        var aLeads = await a.Elections.CampaignAsync(election, Bytes("v1"));

        await aLeads.ProclaimAsync(Bytes("v2"));
        Assert.Equal("v2", Text(aLeads.Value));
        var leader = await b.Elections.GetLeaderAsync(election);
        Assert.Equal(("v2", aLeads.Term), (Text(leader!.Value), leader.Term));

        var bWaits = b.Elections.CampaignAsync(election, Bytes("b"));
        await WaitForCandidatesAsync(Cluster.ClientOnSilo(2), election, 1);
        Assert.True(await aLeads.ResignAsync());
        await using var bLeads = await bWaits.WaitAsync(Long);

        // The former leader may no longer proclaim; nothing changes.
        var error = await Assert.ThrowsAsync<NotLeaderException>(() => aLeads.ProclaimAsync(Bytes("stale")));
        Assert.Equal((election, "a", aLeads.Term), (error.Election, error.MemberId, error.Term));
        leader = await a.Elections.GetLeaderAsync(election);
        Assert.Equal(("b", "b", bLeads.Term), (leader!.MemberId, Text(leader.Value), leader.Term));
    }

    [Fact]
    public async Task A_cancelled_campaign_is_withdrawn_and_leaves_the_line()
    {
        var election = NewName("cancel");
        await using var a = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "a", LongTtl);
        await using var b = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "b", LongTtl);
        await using var c = await Coordinator.StartAsync(Cluster.ClientOnSilo(2), "c", LongTtl);
        var aLeads = await a.Elections.CampaignAsync(election, Bytes("a"));
        using var cancel = new CancellationTokenSource();
        var bWaits = b.Elections.CampaignAsync(election, Bytes("b"), cancel.Token);
        await WaitForCandidatesAsync(Cluster.ClientOnSilo(0), election, 1);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => bWaits);
        await WaitForCandidatesAsync(Cluster.ClientOnSilo(0), election, 0);

        var cWaits = c.Elections.CampaignAsync(election, Bytes("c"));
        await WaitForCandidatesAsync(Cluster.ClientOnSilo(0), election, 1);
        Assert.True(await aLeads.ResignAsync());
        await using var cLeads = await cWaits.WaitAsync(Long);
        Assert.Equal("c", (await a.Elections.GetLeaderAsync(election))!.MemberId);
    }
}
