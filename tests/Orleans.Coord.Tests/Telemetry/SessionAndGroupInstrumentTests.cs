using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Client;
using Orleans.Coord.TestServers;
using static Orleans.Coord.Tests.Telemetry.Tags;

namespace Orleans.Coord.Tests.Telemetry;

/// <summary>The session and group instruments, and what an expired session counts everywhere (in-process TestingHost silo).</summary>
[Collection(TelemetryCollection.Name)]
public sealed class SessionAndGroupInstrumentTests(TelemetryClusterFixture cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Sessions_are_counted_when_they_start_and_end_and_while_they_live()
    {
        using var metrics = cluster.Capture();
        var liveBefore = metrics.Observe("orleans.coord.sessions");
        var a = await cluster.StartAsync("a");
        Assert.Equal(1, metrics.Sum("orleans.coord.session.starts"));
        Assert.Equal(liveBefore + 1, metrics.Observe("orleans.coord.sessions"));

        await a.StopAsync();
        Assert.Equal(1, metrics.Sum("orleans.coord.session.ends"));
        Assert.Equal(liveBefore, metrics.Observe("orleans.coord.sessions"));
        Assert.Equal(0, metrics.Sum("orleans.coord.session.expirations"));
    }

    [Fact]
    public async Task Joins_and_leaves_are_counted_and_the_members_gauge_follows_them()
    {
        using var metrics = cluster.Capture();
        var group = $"group-{Guid.NewGuid():N}";
        var a = await cluster.StartAsync("a");
        var b = await cluster.StartAsync("b");
        try
        {
            await a.Groups.JoinOrCreateAsync(group);
            await b.Groups.JoinAsync(group);
            Assert.Equal(2, metrics.Sum("orleans.coord.group.joins", Name(group), Primitive("group")));
            Assert.Equal(2, metrics.Observe("orleans.coord.group.members", Name(group)));

            await a.Groups.LeaveAsync(group);
            Assert.Equal(1, metrics.Sum("orleans.coord.group.leaves", Name(group)));
            Assert.Equal(1, metrics.Observe("orleans.coord.group.members", Name(group)));
        }
        finally
        {
            await Task.WhenAll(a.StopAsync(), b.StopAsync());
        }

        // A stopped session's member leaves too (and is no expiry).
        Assert.Equal(2, metrics.Sum("orleans.coord.group.leaves", Name(group)));
        Assert.Equal(0, metrics.Sum("orleans.coord.group.expirations", Name(group)));
        Assert.Equal(0, metrics.Observe("orleans.coord.group.members", Name(group)));
    }

    [Fact]
    public async Task A_session_whose_client_died_counts_its_expiry_and_the_expiry_of_its_member_its_lock_and_its_leadership()
    {
        using var metrics = cluster.Capture();
        var (group, @lock, election) = ($"group-{Guid.NewGuid():N}", $"lock-{Guid.NewGuid():N}", $"election-{Guid.NewGuid():N}");

        // A separate client host stands in for a client process: it is torn down without stopping the session.
        var host = await cluster.Coord.StartClientHostAsync(cluster.Coord.Cluster.Primary!.GatewayAddress!.Endpoint);
        var doomed = await Coordinator.StartAsync(host.Services.GetRequiredService<IClusterClient>(), "doomed", new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(1) });
        await doomed.Groups.JoinOrCreateAsync(group);
        await doomed.Locks.AcquireAsync(@lock, TimeSpan.FromSeconds(5));
        await doomed.Elections.CampaignAsync(election, "x"u8.ToArray());
        host.Dispose();

        await Poll.UntilAsync(() => metrics.Sum("orleans.coord.session.expirations") == 1, Patience, "the session expires");
        await Poll.UntilAsync(() => metrics.Sum("orleans.coord.election.leader_losses", Name(election), Reason("expired")) == 1, Patience, "every hold is released");
        Assert.Equal(1, metrics.Sum("orleans.coord.group.expirations", Name(group)));
        Assert.Equal(1, metrics.Sum("orleans.coord.lease.expirations", Name(@lock), Primitive("lock")));
        Assert.Equal(1, metrics.Count("orleans.coord.lease.hold.duration", Name(@lock), Reason("expired")));
        Assert.Equal(1, metrics.Sum("orleans.coord.lease.expirations", Name(election), Primitive("election")));
        Assert.Equal(0, metrics.Sum("orleans.coord.session.ends"));
    }
}
