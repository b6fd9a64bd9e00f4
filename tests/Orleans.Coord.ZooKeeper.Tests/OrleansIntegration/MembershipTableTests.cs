using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Coord.Tests.Contracts;
using Orleans.Coord.ZooKeeper.Clustering;
using Orleans.Coord.ZooKeeper.Options;
using Orleans.Coord.ZooKeeper.Tests.Infrastructure;
using Orleans.Messaging;
using Orleans.Runtime;
using Xunit;

namespace Orleans.Coord.ZooKeeper.Tests.OrleansIntegration;

/// <summary>
/// The membership table contract (<see cref="MembershipTableContract"/>) against a real ZooKeeper server, each test in
/// a chroot (created by the table) and cluster id of its own; plus the layout in nodes and the table's sessions.
/// </summary>
[Collection(StandaloneServerCollection.Name)]
public sealed class MembershipTableTests(StandaloneServerFixture fixture) : MembershipTableContract
{
    private readonly string _chroot = "/mt-" + Guid.NewGuid().ToString("N")[..10];
    private ZooKeeperMembershipTable _table = null!;
    private ZooKeeperGatewayListProvider _gateways = null!;

    /// <summary>A client without chroot, for looking at the nodes directly.</summary>
    private ZooKeeperClient _plain = null!;

    protected override IMembershipTable Table => _table;

    protected override string ClusterId { get; } = "cluster-" + Guid.NewGuid().ToString("N")[..8];

    protected override IGatewayListProvider Gateways => _gateways;

    private string ClusterNode => _chroot + "/" + ClusterId;

    public override async Task InitializeAsync()
    {
        _table = OpenTable(ClusterId);
        await _table.InitializeMembershipTable(true);
        _gateways = new ZooKeeperGatewayListProvider(
            Microsoft.Extensions.Options.Options.Create(ClusteringOptions()),
            Microsoft.Extensions.Options.Options.Create(new GatewayOptions()),
            Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = ClusterId, ServiceId = "svc" }),
            NullLogger<ZooKeeperGatewayListProvider>.Instance);
        await _gateways.InitializeGatewayListProvider();
        _plain = await fixture.ConnectAsync();
    }

    public override async Task DisposeAsync()
    {
        await _table.DeleteMembershipTableEntries(ClusterId);
        await _table.DisposeAsync();
        await _gateways.DisposeAsync();
        await _plain.DeleteAsync(_chroot);
        await _plain.DisposeAsync();
    }

    protected override ZooKeeperMembershipTable OpenTable(string clusterId) => new(
        Microsoft.Extensions.Options.Options.Create(ClusteringOptions()),
        Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "svc" }),
        NullLogger<ZooKeeperMembershipTable>.Instance);

    protected override async Task AssertStoredAsync(MembershipEntry entry, string rowEtag, TableVersion version)
    {
        // The table node's data version is the table version; the row is a child (its data version is the row ETag)
        // with an IAmAlive child.
        Assert.Equal(version.Version, (await _plain.ExistsAsync(ClusterNode))!.Version);
        var rowNode = ClusterNode + "/" + entry.SiloAddress.ToParsableString();
        Assert.Equal(rowEtag, (await _plain.ExistsAsync(rowNode))!.Version.ToString());
        Assert.Equal("0", rowEtag);
        Assert.NotNull(await _plain.ExistsAsync(rowNode + "/IAmAlive"));
    }

    protected override async Task AssertStoredRowCountAsync(int rows) =>
        Assert.Equal(rows, (await _plain.GetChildrenAsync(ClusterNode)).Children.Count);

    protected override async Task AssertClusterDeletedAsync()
    {
        Assert.Null(await _plain.ExistsAsync(ClusterNode));
        await Assert.ThrowsAsync<NoNodeException>(() => _table.ReadAll());
    }

    private ZooKeeperClusteringOptions ClusteringOptions() => new()
    {
        ConnectString = fixture.ConnectString + _chroot,
        SessionTimeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task Table_sessions_are_long_lived_and_closed_on_dispose()
    {
        var sessionsBefore = await CountSessionsAsync();
        for (var i = 0; i < 5; i++)
        {
            await _table.ReadAll();
        }

        Assert.Equal(sessionsBefore, await CountSessionsAsync());

        await using (var extra = OpenTable(ClusterId))
        {
            await extra.InitializeMembershipTable(true);
            Assert.Equal(sessionsBefore + 1, await CountSessionsAsync());
        }

        await Poll.UntilAsync(async () => await CountSessionsAsync() == sessionsBefore, TimeSpan.FromSeconds(10), "the disposed table's session is closed");
    }

    private async Task<int> CountSessionsAsync()
    {
        // "cons" lists one line per connection (with its session id) on the shared server.
        var text = await fixture.Server.FourLetterWordAsync("cons") ?? string.Empty;
        return text.Split('\n').Count(line => line.Contains("sid=0x", StringComparison.Ordinal));
    }
}
