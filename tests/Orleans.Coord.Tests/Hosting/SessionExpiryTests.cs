using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Coord.Client;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Messaging;

namespace Orleans.Coord.Tests.Hosting;

/// <summary>
/// A hosted session that expires by its TTL: the client host's only gateway, a TestingHost silo, is killed
/// (<c>KillSiloAsync</c>), so no heartbeat reaches the cluster; the session is lost on the client's lease clock and
/// expired by the cluster. When the gateway list names a living silo again, a new session comes up with the declared
/// membership and campaign.
/// </summary>
public sealed class SessionExpiryTests
{
    [Fact]
    public async Task A_session_that_expires_while_the_gateway_is_gone_is_replaced_once_a_gateway_answers()
    {
        await using var coord = await CoordCluster.StartAsync(silos: 3);
        var silos = coord.Cluster.Silos;
        var gateways = new SwitchableGateways(silos[1].GatewayAddress.Endpoint);
        var group = $"exp-{Guid.NewGuid():N}";
        var election = $"exp-{Guid.NewGuid():N}";
        var terms = new List<long>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(c =>
        {
            c.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = coord.Cluster.Options.ClusterId;
                o.ServiceId = coord.Cluster.Options.ServiceId;
            });
            c.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromMilliseconds(500));
            c.Services.AddSingleton<IGatewayListProvider>(gateways);
            c.AddCoordStreams();
        });
        builder.AddCoordinator(configure: o =>
            {
                o.MemberId = "expiring";
                o.SessionTtl = TimeSpan.FromSeconds(2);
                o.RestartDelay = TimeSpan.FromMilliseconds(200);
                o.MaxRestartDelay = TimeSpan.FromSeconds(1);
            })
            .Join(group)
            .Campaign(election, async (leadership, stop) =>
            {
                lock (terms)
                {
                    terms.Add(leadership.Term);
                }

                await Task.Delay(Timeout.Infinite, stop);
            });
        using var host = builder.Build();
        await host.StartAsync();
        var hosted = host.Services.GetRequiredService<IHostedCoordinator>();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var first = await hosted.WaitForSessionAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await Poll.UntilAsync(() => { lock (terms) { return terms.Count == 1; } }, TimeSpan.FromSeconds(20), "the first session leads");
        var handle = await hosted.Locks.AcquireAsync($"exp-{Guid.NewGuid():N}", TimeSpan.FromSeconds(5));

        await coord.Cluster.KillSiloAsync(silos[1]);
        await Poll.UntilAsync(() => first.Lost.IsCancellationRequested, TimeSpan.FromSeconds(20), "the session is lost on the client's lease clock");
        await Poll.UntilAsync(() => handle.Lost.IsCancellationRequested, TimeSpan.FromSeconds(5), "the lock handle reports Lost");
        Assert.NotEqual(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

        gateways.SwitchTo(silos[2].GatewayAddress.Endpoint);
        var second = await hosted.WaitForSessionAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(first.SessionId, second.SessionId);
        await using var observer = await Coordinator.StartAsync(coord.Cluster.Client, "observer");
        Assert.Equal(second.SessionId, (await observer.Groups.GetMemberAsync(group, "expiring")).SessionId);
        await Poll.UntilAsync(() => { lock (terms) { return terms.Count == 2; } }, TimeSpan.FromSeconds(20), "the new session leads again");
        lock (terms)
        {
            Assert.True(terms[1] > terms[0], $"terms {terms[0]} then {terms[1]}");
        }

        await Poll.UntilAsync(async () => (await health.CheckHealthAsync()).Status == HealthStatus.Healthy, TimeSpan.FromSeconds(10), "healthy again");
        await host.StopAsync(TimeSpan.FromSeconds(20));
        Assert.Empty(await observer.Groups.GetMembersAsync(group));
    }
}
