using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Coord.ZooKeeper.Clustering;
using Orleans.Coord.ZooKeeper.Options;
using Orleans.Coord.ZooKeeper.Tests.Infrastructure;
using Xunit;

namespace Orleans.Coord.ZooKeeper.Tests.OrleansIntegration;

/// <summary>
/// A fresh membership table per test: its own chroot (created by the table) and cluster id on the shared server, plus
/// a plain client for looking at the nodes directly.
/// </summary>
public abstract class MembershipTableContext(StandaloneServerFixture fixture) : IAsyncLifetime
{
    protected StandaloneServerFixture Fixture { get; } = fixture;

    protected string Chroot { get; } = "/mt-" + Guid.NewGuid().ToString("N")[..10];

    protected string ClusterId { get; } = "cluster-" + Guid.NewGuid().ToString("N")[..8];

    protected ZooKeeperMembershipTable Table { get; private set; } = null!;

    protected ZooKeeperGatewayListProvider Gateways { get; private set; } = null!;

    /// <summary>A client without chroot.</summary>
    protected ZooKeeperClient Plain { get; private set; } = null!;

    protected string ClusterNode => Chroot + "/" + ClusterId;

    public async Task InitializeAsync()
    {
        Table = CreateTable();
        await Table.InitializeMembershipTable(true);
        Gateways = new ZooKeeperGatewayListProvider(
            Microsoft.Extensions.Options.Options.Create(ClusteringOptions()),
            Microsoft.Extensions.Options.Options.Create(new GatewayOptions()),
            Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = ClusterId, ServiceId = "svc" }),
            NullLogger<ZooKeeperGatewayListProvider>.Instance);
        await Gateways.InitializeGatewayListProvider();
        Plain = await Fixture.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await Table.DeleteMembershipTableEntries(ClusterId);
        await Table.DisposeAsync();
        await Gateways.DisposeAsync();
        await Plain.DeleteAsync(Chroot);
        await Plain.DisposeAsync();
    }

    protected ZooKeeperClusteringOptions ClusteringOptions() => new()
    {
        ConnectString = Fixture.ConnectString + Chroot,
        SessionTimeout = TimeSpan.FromSeconds(10),
    };

    protected ZooKeeperMembershipTable CreateTable() => new(
        Microsoft.Extensions.Options.Options.Create(ClusteringOptions()),
        Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = ClusterId, ServiceId = "svc" }),
        NullLogger<ZooKeeperMembershipTable>.Instance);
}
