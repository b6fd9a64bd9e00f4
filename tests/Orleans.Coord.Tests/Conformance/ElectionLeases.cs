using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Grains;
using Orleans.Coord.Tests.Infrastructure;
using static Orleans.Coord.Tests.Elections.ElectionTestHelpers;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>Leadership is leased by the leader's session: a dead client's leadership expires after its TTL.</summary>
public abstract partial class ConformanceTests
{
    [Fact]
    public async Task A_leader_whose_client_died_is_replaced_after_its_ttl_with_a_higher_term()
    {
        var election = NewName("expire");
        await using var next = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "next", new CoordinatorOptions { SessionTtl = TimeSpan.FromMinutes(5) });

        // A separate client process stand-in: its host is torn down without stopping the session, so heartbeats stop.
        var host = await Cluster.StartDisposableClientAsync(2);
        var ttl = TimeSpan.FromSeconds(2);
        var doomed = await Coordinator.StartAsync(host.Services.GetRequiredService<IClusterClient>(), "doomed", new CoordinatorOptions { SessionTtl = ttl });
        var leading = await doomed.Elections.CampaignAsync(election, Bytes("doomed"));
        var waiting = next.Elections.CampaignAsync(election, Bytes("next"));
        await WaitForCandidatesAsync(Cluster.ClientOnSilo(1), election, 1);

        var crashedAt = Stopwatch.StartNew();
        host.Dispose();
        await using var elected = await waiting.WaitAsync(Long);
        var after = crashedAt.Elapsed;

        Assert.True(elected.Term > leading.Term);
        var leader = await next.Elections.GetLeaderAsync(election);
        Assert.Equal(("next", elected.Term), (leader!.MemberId, leader.Term));
        // Not before the TTL (less one heartbeat interval of slack), and not long after it.
        Assert.InRange(after, ttl - ttl / 3, ttl + ttl / 3 + TimeSpan.FromSeconds(3));
        // The dead client's own lease clock fires the leadership's Lost.
        await Poll.UntilAsync(() => leading.Lost.IsCancellationRequested, TimeSpan.FromSeconds(10), "the dead leader's Lost fires");
        await doomed.DisposeAsync();
    }

    [Fact]
    public async Task Get_leader_never_answers_a_leader_whose_session_is_dead()
    {
        var election = NewName("dead-leader");
        await using var reader = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "reader", new CoordinatorOptions());
        var host = await Cluster.StartDisposableClientAsync(0);
        var doomed = await Coordinator.StartAsync(host.Services.GetRequiredService<IClusterClient>(), "doomed", new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(1) });
        var leading = await doomed.Elections.CampaignAsync(election, Bytes("doomed"));
        var session = Cluster.ClientOnSilo(2).GetGrain<ISessionGrain>(doomed.SessionId);
        Assert.Equal("doomed", (await reader.Elections.GetLeaderAsync(election))!.MemberId);

        host.Dispose();

        // Sessions never come back: once the session is seen dead, every later answer must be "nobody leads".
        var answers = 0;
        await Poll.UntilAsync(async () =>
        {
            var alive = await session.IsAliveAsync();
            var leader = await reader.Elections.GetLeaderAsync(election);
            answers++;
            Assert.True(alive || leader is null, $"GetLeader answered the dead leader {leader?.MemberId} (term {leader?.Term})");
            return !alive;
        }, TimeSpan.FromSeconds(15), "the doomed session is dead");
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(await reader.Elections.GetLeaderAsync(election));
        }

        var snapshot = await Cluster.ClientOnSilo(2).GetGrain<IElectionGrain>(election).GetSnapshotAsync();
        Assert.Null(snapshot.Leader);
        Assert.Equal(leading.Term, snapshot.LastTerm);
        Assert.True(answers > 0);
        await doomed.DisposeAsync();
    }
}
