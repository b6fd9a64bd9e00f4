using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Coord.Etcd.Clustering;
using Orleans.Coord.Etcd.Internal;
using Orleans.Coord.Tests.Contracts;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Etcd;

/// <summary>
/// The membership table contract (<see cref="MembershipTableContract"/>) against a real etcd, each test on a key
/// prefix and cluster id of its own; plus the layout in keys and what etcd alone refuses.
/// </summary>
[Collection(EtcdServerCollection.Name)]
public sealed class EtcdMembershipTableTests : MembershipTableContract
{
    private readonly string _prefix = "mt-" + Guid.NewGuid().ToString("N")[..10];
    private readonly EtcdConnection _connection;
    private readonly EtcdMembershipTable _table;
    private readonly EtcdGatewayListProvider _gateways;

    public EtcdMembershipTableTests(EtcdServerFixture fixture)
    {
        ClusterId = "cluster-" + Guid.NewGuid().ToString("N")[..8];
        _connection = fixture.Connect(_prefix);
        _table = EtcdServerFixture.Table(_connection, ClusterId);
        _gateways = new EtcdGatewayListProvider(
            _connection,
            Microsoft.Extensions.Options.Options.Create(new GatewayOptions()),
            EtcdServerFixture.Cluster(ClusterId),
            NullLogger<EtcdGatewayListProvider>.Instance);
    }

    protected override IMembershipTable Table => _table;

    protected override string ClusterId { get; }

    protected override IGatewayListProvider Gateways => _gateways;

    private string TablePrefix => $"/{_prefix}/svc/membership/{ClusterId}/";

    public override async Task InitializeAsync()
    {
        await _table.InitializeMembershipTable(true);
        await _gateways.InitializeGatewayListProvider();
    }

    public override async Task DisposeAsync()
    {
        await _connection.DeletePrefixAsync($"/{_prefix}/");
        _connection.Dispose();
    }

    protected override IMembershipTable OpenTable(string clusterId) => EtcdServerFixture.Table(_connection, clusterId);

    protected override async Task AssertStoredAsync(MembershipEntry entry, string rowEtag, TableVersion version)
    {
        // The version key holds the version, its mod revision is the table ETag; the row's is the row ETag.
        var versionKey = (await _connection.GetAsync(TablePrefix + "version")).Kvs.Single();
        Assert.Equal(version.Version.ToString(), versionKey.Value.ToStringUtf8());
        Assert.Equal(versionKey.ModRevision.ToString(), version.VersionEtag);
        var row = (await _connection.GetAsync(TablePrefix + "row/" + EtcdKeys.Escape(entry.SiloAddress.ToParsableString()))).Kvs.Single();
        Assert.Equal(row.ModRevision.ToString(), rowEtag);
        Assert.Single((await _connection.GetAsync(TablePrefix + "alive/" + EtcdKeys.Escape(entry.SiloAddress.ToParsableString()))).Kvs);
    }

    protected override async Task AssertStoredRowCountAsync(int rows) =>
        Assert.Equal(2 * rows + 1, (await _connection.GetPrefixAsync(TablePrefix)).Kvs.Count); // a row and an alive key each, and the version key

    protected override async Task AssertClusterDeletedAsync()
    {
        Assert.Empty((await _connection.GetPrefixAsync(TablePrefix)).Kvs);
        Assert.Empty((await _table.ReadAll()).Members);
    }

    [Fact]
    public async Task Etags_that_are_not_revisions_are_refused_by_name()
    {
        var version = (await _table.ReadAll()).Version;
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _table.UpdateRow(MembershipEntries.Create(), "x1", version.Next()));
        Assert.Equal("etag", error.ParamName);
        Assert.Contains("x1", error.Message);
    }

    [Fact]
    public async Task UpdateIAmAlive_of_a_silo_without_a_row_throws_and_writes_nothing()
    {
        var silo = MembershipEntries.NewSiloAddress();
        await Assert.ThrowsAsync<InvalidOperationException>(() => _table.UpdateIAmAlive(new MembershipEntry { SiloAddress = silo, IAmAliveTime = DateTime.UtcNow }));
        Assert.Empty((await _connection.GetAsync(TablePrefix + "alive/" + EtcdKeys.Escape(silo.ToParsableString()))).Kvs);
    }
}
