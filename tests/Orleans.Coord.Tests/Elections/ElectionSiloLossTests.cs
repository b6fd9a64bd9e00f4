using Orleans.Coord.Elections;
using Orleans.Coord.Grains;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.TestingHost;
using static Orleans.Coord.Tests.Elections.ElectionTestHelpers;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Elections;

/// <summary>
/// Killing the silo that hosts an election grain keeps the leader: the state and the term counter are in storage that
/// survives the silo, so the leader keeps leading, the waiting candidate keeps its place, and terms keep increasing.
/// </summary>
public sealed class ElectionSiloLossTests : IAsyncLifetime
{
    private static readonly CoordinatorOptions Options = new() { SessionTtl = TimeSpan.FromSeconds(30) };
    private CoordCluster _coord = null!;

    public async Task InitializeAsync() => _coord = await CoordCluster.StartAsync();

    public async Task DisposeAsync() => await _coord.DisposeAsync();

    [Fact]
    public async Task Killing_the_silo_hosting_the_election_grain_keeps_the_leader_and_the_term_order()
    {
        // Clients only talk to the primary silo, which is never the one killed here.
        var client = await _coord.ClientOnSiloAsync(0);
        await using var a = await Coordinator.StartAsync(client, "a", Options);
        await using var b = await Coordinator.StartAsync(client, "b", Options);
        await using var c = await Coordinator.StartAsync(client, "c", Options);
        var (election, victim) = await FindElectionHostedAwayFromPrimaryAsync(client);
        await using var observation = await c.Elections.OpenObservationAsync(election);
        await using var seen = new EventCollector<ElectionEvent>(ct => observation.ReadEventsAsync(ct));
        var aLeads = await a.Elections.CampaignAsync(election, Bytes("a"));
        var bWaits = b.Elections.CampaignAsync(election, Bytes("b"));
        await WaitForCandidatesAsync(client, election, 1);

        await _coord.Cluster.KillSiloAsync(victim);

        await Poll.UntilAsync(async () =>
        {
            try
            {
                await a.Elections.GetLeaderAsync(election).WaitAsync(TimeSpan.FromSeconds(5));
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the election grain answers again after the silo loss");

        // The grain really moved: its activation now lives on a surviving silo.
        var moved = await client.GetGrain<IManagementGrain>(0).GetActivationAddress(client.GetGrain<IElectionGrain>(election));
        Assert.NotEqual(victim.SiloAddress, moved);

        var leader = await c.Elections.GetLeaderAsync(election);
        Assert.Equal(("a", a.SessionId, aLeads.Term), (leader!.MemberId, leader.SessionId, leader.Term));
        Assert.Null(await c.Elections.TryCampaignAsync(election, Bytes("c")));
        Assert.False(aLeads.Lost.IsCancellationRequested);
        Assert.False(bWaits.IsCompleted);

        Assert.True(await aLeads.ResignAsync());
        await using var bLeads = await bWaits.WaitAsync(Long);
        Assert.True(bLeads.Term > aLeads.Term);
        Assert.Equal(aLeads.Term + 1, bLeads.Term);

        // The observer (resynchronising if the stream lost events with the silo) ends at b's election, terms in order.
        await seen.WaitForAsync(
            e => e.Count > 0 && e[^1].Kind == ElectionEventKind.Elected && e[^1].MemberId == "b",
            "the observer sees b elected",
            TimeSpan.FromSeconds(30));
        var terms = seen.Items.Select(e => e.Term).ToArray();
        Assert.Equal(terms.Order(), terms);
        Assert.Equal(seen.Items.Select(e => e.Version).Order(), seen.Items.Select(e => e.Version));
    }

    /// <summary>Activates election grains through clients of the non-primary silos until one is hosted away from the primary.</summary>
    private async Task<(string Name, SiloHandle Victim)> FindElectionHostedAwayFromPrimaryAsync(IClusterClient client)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var primary = _coord.Cluster.Primary!.SiloAddress;
        var activators = new[] { await _coord.ClientOnSiloAsync(1), await _coord.ClientOnSiloAsync(2) };
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var name = $"loss-{attempt}-{Guid.NewGuid():N}";
            await activators[attempt % 2].GetGrain<IElectionGrain>(name).GetVersionAsync();
            var host = await management.GetActivationAddress(client.GetGrain<IElectionGrain>(name));
            var victim = _coord.Cluster.Silos.FirstOrDefault(s => s.SiloAddress.Equals(host) && !s.SiloAddress.Equals(primary));
            if (victim is not null)
            {
                return (name, victim);
            }
        }

        throw new InvalidOperationException("No election grain was placed away from the primary silo in 50 tries.");
    }
}
