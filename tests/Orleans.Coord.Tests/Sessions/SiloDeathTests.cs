using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Client;
using Orleans.Coord.Groups;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.Sessions;

/// <summary>
/// A session started inside a silo ends when Orleans declares that silo dead, not one TTL later: in a 2-silo
/// TestingHost cluster a session is started over the second silo's own grain factory (TTL 60 s) and joins a group;
/// that silo is killed (<c>KillSiloAsync</c>, no graceful stop), and the member expires within moments of the silo
/// being declared dead.
/// </summary>
public sealed class SiloDeathTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_session_of_a_silo_declared_dead_expires_at_once_not_after_its_ttl()
    {
        await using var coord = await CoordCluster.StartAsync(silos: 2);
        var group = $"silo-death-{Guid.NewGuid():N}";
        await using var observer = await Coordinator.StartAsync(coord.Cluster.Client, "observer");
        await observer.Groups.CreateAsync(group);
        await using var watch = await observer.Groups.OpenWatchAsync(group);
        await using var events = new EventCollector<GroupEvent>(ct => watch.ReadEventsAsync(ct));
        var victim = (InProcessSiloHandle)coord.Cluster.SecondarySilos[0];
        var services = victim.SiloHost.Services;
        var inSilo = await Coordinator.StartAsync(services.GetRequiredService<IGrainFactory>(), services, "in-silo", new CoordinatorOptions { SessionTtl = Ttl });
        await inSilo.Groups.JoinAsync(group);
        await events.WaitForAsync(e => e.Any(x => x.Kind == GroupEventKind.Joined), "the join is seen");

        var killed = Stopwatch.StartNew();
        await coord.Cluster.KillSiloAsync(victim);

        await events.WaitForAsync(e => e.Any(x => x.Kind == GroupEventKind.Expired), "the dead silo's session expires", TimeSpan.FromSeconds(30));
        var expiredAfter = killed.Elapsed;
        var expired = Assert.Single(events.Items, x => x.Kind == GroupEventKind.Expired);
        Assert.Equal("in-silo", expired.MemberId);
        Assert.DoesNotContain(events.Items, x => x.Kind == GroupEventKind.Left);
        Assert.Empty(await observer.Groups.GetMembersAsync(group));
        Assert.True(expiredAfter < Ttl / 4, $"expired {expiredAfter.TotalSeconds:0.0} s after the kill; the TTL is {Ttl.TotalSeconds:0} s");

        // The session's client lived in the killed silo, whose process would be gone: stop its heartbeat loop; its end
        // call cannot reach a cluster through a stopped silo.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<Exception>(() => inSilo.StopAsync(stop.Token));
    }

    [Fact]
    public async Task A_session_of_an_external_client_is_not_ended_by_a_silo_death()
    {
        await using var coord = await CoordCluster.StartAsync(silos: 2);
        var group = $"silo-death-{Guid.NewGuid():N}";
        var client = await coord.ClientOnSiloAsync(0);
        await using var external = await Coordinator.StartAsync(client, "external", new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(10) });
        await external.Groups.JoinOrCreateAsync(group);
        var sessionHost = await client.GetGrain<Orleans.Runtime.IManagementGrain>(0).GetActivationAddress(client.GetGrain<Orleans.Coord.Grains.ISessionGrain>(external.SessionId));

        await coord.Cluster.KillSiloAsync(coord.Cluster.SecondarySilos[0]);

        // The sweep after the death reaches the session (re-activating it if it was lost with the silo); it stays.
        await Poll.UntilAsync(async _ => (await client.GetGrain<Orleans.Runtime.IManagementGrain>(0).GetHosts(onlyActive: true)).Count == 1, TimeSpan.FromSeconds(30), "the silo is declared dead", retryOnError: true);
        await Poll.UntilAsync(async _ => await external.Groups.IsMemberUpAsync(group, "external"), TimeSpan.FromSeconds(30), $"the member answers (its session grain was on {sessionHost})", retryOnError: true);
        Assert.True(external.IsAlive);
        Assert.Equal("external", Assert.Single(await external.Groups.GetMembersAsync(group)).MemberId);
    }
}
