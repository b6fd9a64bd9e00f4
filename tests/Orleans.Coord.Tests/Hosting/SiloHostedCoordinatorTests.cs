using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Client;
using Orleans.Coord.Testing;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.Hosting;

/// <summary>
/// The hosted coordinator in a silo host (a 2-silo TestingHost cluster whose silos register <c>AddCoordinator</c>): its
/// session runs over the silo's grain factory, its declared group is joined, and stopping a silo releases its membership before the silo is gone.
/// </summary>
public sealed class SiloHostedCoordinatorTests
{
    private const string Group = "silo-hosted";

    [Fact]
    public async Task A_silo_host_runs_the_coordinator_over_its_grain_factory()
    {
        await using var coord = await CoordCluster.StartAsync(silos: 2, configure: b =>
        {
            b.AddCoordination();
            b.AddSiloBuilderConfigurator<WithCoordinator>();
        });
        await using var observer = await Coordinator.StartAsync(coord.Cluster.Client, "observer");
        await Poll.UntilAsync(async _ => (await observer.Groups.GetMembersAsync(Group)).Count == 2, TimeSpan.FromSeconds(30), "both silos' coordinators joined", retryOnError: true);

        await coord.Cluster.StopSiloAsync(coord.Cluster.SecondarySilos[0]);
        var members = await observer.Groups.GetMembersAsync(Group);
        Assert.Equal(coord.Cluster.Primary!.Name, Assert.Single(members).MemberId);
    }

    private sealed class WithCoordinator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            // One member per silo: the member id is the silo's name.
            siloBuilder.Services.AddCoordinator().Join(Group);
            siloBuilder.Services.AddOptions<HostedCoordinatorOptions>().Configure<Orleans.Runtime.ILocalSiloDetails>((o, silo) => o.MemberId = silo.Name);
        }
    }
}
