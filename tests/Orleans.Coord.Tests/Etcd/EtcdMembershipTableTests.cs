using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Coord.Etcd.Clustering;
using Orleans.Coord.Etcd.Internal;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Etcd;

/// <summary>The IMembershipTable contract, as Orleans' own membership table tests exercise it, against a real etcd.</summary>
[Collection(EtcdServerCollection.Name)]
public sealed class EtcdMembershipTableTests : IAsyncLifetime
{
    private readonly EtcdServerFixture _fixture;
    private readonly string _prefix = "mt-" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _clusterId = "cluster-" + Guid.NewGuid().ToString("N")[..8];
    private readonly EtcdConnection _connection;
    private readonly EtcdMembershipTable _table;

    public EtcdMembershipTableTests(EtcdServerFixture fixture)
    {
        _fixture = fixture;
        _connection = fixture.Connect(_prefix);
        _table = EtcdServerFixture.Table(_connection, _clusterId);
    }

    private string TablePrefix => $"/{_prefix}/svc/membership/{_clusterId}/";

    public Task InitializeAsync() => _table.InitializeMembershipTable(true);

    public async Task DisposeAsync()
    {
        await _connection.DeletePrefixAsync($"/{_prefix}/");
        _connection.Dispose();
    }

    [Fact]
    public async Task Empty_table_has_version_zero_and_no_members()
    {
        var data = await _table.ReadAll();
        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.NotNull(data.Version.VersionEtag);

        var row = await _table.ReadRow(EtcdMembershipEntries.NewSiloAddress());
        Assert.Empty(row.Members);
        Assert.Equal(data.Version, row.Version);
    }

    [Fact]
    public async Task Initialize_is_idempotent_and_keeps_the_rows()
    {
        Assert.True(await _table.InsertRow(EtcdMembershipEntries.Create(), (await _table.ReadAll()).Version.Next()));

        await EtcdServerFixture.Table(_connection, _clusterId).InitializeMembershipTable(true);

        var data = await _table.ReadAll();
        Assert.Single(data.Members);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task Insert_stores_every_field_and_the_version_and_row_etags_are_mod_revisions()
    {
        var entry = EtcdMembershipEntries.Create(SiloStatus.Active);
        entry.SuspectTimes = [Tuple.Create(EtcdMembershipEntries.NewSiloAddress(), EtcdMembershipEntries.UtcNowSeconds().AddSeconds(1))];

        Assert.True(await _table.InsertRow(entry, (await _table.ReadAll()).Version.Next()));

        var data = await _table.ReadAll();
        Assert.Equal(1, data.Version.Version);
        var (stored, etag) = Assert.Single(data.Members);
        Assert.Equal(entry.ToFullString(), stored.ToFullString());
        Assert.Equal(entry.IAmAliveTime, stored.IAmAliveTime);
        Assert.Equal(DateTimeKind.Utc, stored.StartTime.Kind);

        // The layout: the version key holds the version, its mod revision is the table ETag; the row's is the row ETag.
        var version = (await _connection.GetAsync(TablePrefix + "version")).Kvs.Single();
        Assert.Equal("1", version.Value.ToStringUtf8());
        Assert.Equal(version.ModRevision.ToString(), data.Version.VersionEtag);
        var row = (await _connection.GetAsync(TablePrefix + "row/" + EtcdKeys.Escape(entry.SiloAddress.ToParsableString()))).Kvs.Single();
        Assert.Equal(row.ModRevision.ToString(), etag);
        Assert.Single((await _connection.GetAsync(TablePrefix + "alive/" + EtcdKeys.Escape(entry.SiloAddress.ToParsableString()))).Kvs);
    }

    [Fact]
    public async Task Insert_fails_for_a_duplicate_or_a_stale_table_version_and_changes_nothing()
    {
        var entry = EtcdMembershipEntries.Create();
        var next = (await _table.ReadAll()).Version.Next();
        Assert.True(await _table.InsertRow(entry, next));

        Assert.False(await _table.InsertRow(entry, next)); // same entry, old table version
        Assert.False(await _table.InsertRow(EtcdMembershipEntries.Create(), next)); // new entry, old table version

        var data = await _table.ReadAll();
        Assert.Equal(1, data.Version.Version);
        Assert.False(await _table.InsertRow(entry, data.Version.Next())); // duplicate with the right version

        var after = await _table.ReadAll();
        Assert.Single(after.Members);
        Assert.Equal(data.Version, after.Version);
    }

    [Fact]
    public async Task UpdateRow_needs_the_current_row_etag_and_table_version()
    {
        var table = await _table.ReadAll();
        for (var i = 1; i <= 3; i++)
        {
            var entry = EtcdMembershipEntries.Create();
            var insertVersion = table.Version.Next();
            Assert.True(await _table.InsertRow(entry, insertVersion));
            table = await _table.ReadAll();
            var etagBefore = table.TryGet(entry.SiloAddress)!.Item2;

            Assert.False(await _table.UpdateRow(entry, etagBefore, insertVersion)); // stale table version

            entry.Status = SiloStatus.Active;
            entry.SuspectTimes = [Tuple.Create(EtcdMembershipEntries.NewSiloAddress(), EtcdMembershipEntries.UtcNowSeconds())];
            var updateVersion = (await _table.ReadAll()).Version.Next();
            Assert.True(await _table.UpdateRow(entry, etagBefore, updateVersion));
            Assert.False(await _table.UpdateRow(entry, etagBefore, updateVersion)); // stale row etag and table version

            table = await _table.ReadAll();
            var (stored, etagAfter) = table.TryGet(entry.SiloAddress)!;
            Assert.NotEqual(etagBefore, etagAfter);
            Assert.Equal(entry.ToFullString(), stored.ToFullString());
            Assert.False(await _table.UpdateRow(entry, etagBefore, table.Version.Next())); // stale row etag only
            Assert.False(await _table.UpdateRow(entry, etagAfter, updateVersion)); // stale table version only

            table = await _table.ReadAll();
            Assert.Equal(etagAfter, table.TryGet(entry.SiloAddress)!.Item2);
            Assert.Equal(updateVersion.Version, table.Version.Version);
            Assert.Equal(i, table.Members.Count);
        }
    }

    [Fact]
    public async Task UpdateRow_of_a_missing_row_fails_and_leaves_the_table_version()
    {
        var before = (await _table.ReadAll()).Version;
        Assert.False(await _table.UpdateRow(EtcdMembershipEntries.Create(), "0", before.Next()));
        Assert.False(await _table.UpdateRow(EtcdMembershipEntries.Create(), before.VersionEtag, before.Next()));
        Assert.Equal(before, (await _table.ReadAll()).Version);
    }

    [Fact]
    public async Task Etags_that_are_not_revisions_are_refused_by_name()
    {
        var version = (await _table.ReadAll()).Version;
        var error = await Assert.ThrowsAsync<ArgumentException>(() => _table.UpdateRow(EtcdMembershipEntries.Create(), "x1", version.Next()));
        Assert.Equal("etag", error.ParamName);
        Assert.Contains("x1", error.Message);
    }

    [Fact]
    public async Task Concurrent_updates_serialize_through_the_table_version()
    {
        var entry = EtcdMembershipEntries.Create();
        Assert.True(await _table.InsertRow(entry, (await _table.ReadAll()).Version.Next()));
        var wins = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (true)
            {
                var table = await _table.ReadAll();
                var (row, etag) = table.TryGet(entry.SiloAddress)!;
                if (await _table.UpdateRow(row, etag, table.Version.Next()))
                {
                    Interlocked.Increment(ref wins);
                    return;
                }
            }
        })).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(8, wins);
        Assert.Equal(9, (await _table.ReadAll()).Version.Version);
    }

    [Fact]
    public async Task UpdateIAmAlive_changes_neither_the_row_etag_nor_the_table_version()
    {
        var entry = EtcdMembershipEntries.Create();
        Assert.True(await _table.InsertRow(entry, (await _table.ReadAll()).Version.Next()));
        var before = await _table.ReadAll();
        var alive = DateTime.UtcNow.AddSeconds(5);

        await _table.UpdateIAmAlive(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = alive });

        var after = await _table.ReadAll();
        var (stored, etag) = Assert.Single(after.Members);
        Assert.Equal(alive, stored.IAmAliveTime);
        Assert.Equal(before.Members[0].Item2, etag);
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task UpdateIAmAlive_of_a_silo_without_a_row_throws_and_writes_nothing()
    {
        var silo = EtcdMembershipEntries.NewSiloAddress();
        await Assert.ThrowsAsync<InvalidOperationException>(() => _table.UpdateIAmAlive(new MembershipEntry { SiloAddress = silo, IAmAliveTime = DateTime.UtcNow }));
        Assert.Empty((await _connection.GetAsync(TablePrefix + "alive/" + EtcdKeys.Escape(silo.ToParsableString()))).Kvs);
    }

    [Fact]
    public async Task Cleanup_deletes_old_rows_that_are_not_active_and_keeps_recent_ones()
    {
        var fresh = EtcdMembershipEntries.Create();
        Assert.True(await _table.InsertRow(fresh, (await _table.ReadAll()).Version.Next()));
        var oldEntries = new List<MembershipEntry>();
        foreach (var status in Enum.GetValues<SiloStatus>())
        {
            var old = EtcdMembershipEntries.Create(status);
            old.StartTime = old.StartTime.AddDays(-10);
            old.IAmAliveTime = old.IAmAliveTime.AddDays(-10);
            Assert.True(await _table.InsertRow(old, (await _table.ReadAll()).Version.Next()));
            oldEntries.Add(old);
        }

        var revived = oldEntries.First(e => e.Status == SiloStatus.Dead);
        await _table.UpdateIAmAlive(new MembershipEntry { SiloAddress = revived.SiloAddress, IAmAliveTime = DateTime.UtcNow });
        var versionBefore = (await _table.ReadAll()).Version;

        await _table.CleanupDefunctSiloEntries(DateTimeOffset.UtcNow.AddDays(-7));

        var after = await _table.ReadAll();
        Assert.Equal(
            new[] { fresh.SiloAddress, revived.SiloAddress, oldEntries.Single(e => e.Status == SiloStatus.Active).SiloAddress }.Order(),
            after.Members.Select(m => m.Item1.SiloAddress).Order());
        Assert.Equal(versionBefore, after.Version);

        // Deleted rows take their IAmAlive keys with them: 3 rows, 3 alive keys and the version key remain.
        Assert.Equal(7, (await _connection.GetPrefixAsync(TablePrefix)).Kvs.Count);
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_removes_the_clusters_keys_only()
    {
        Assert.True(await _table.InsertRow(EtcdMembershipEntries.Create(), (await _table.ReadAll()).Version.Next()));
        var other = EtcdServerFixture.Table(_connection, _clusterId + "-other");
        Assert.True(await other.InsertRow(EtcdMembershipEntries.Create(), (await other.ReadAll()).Version.Next()));

        await _table.DeleteMembershipTableEntries(_clusterId);

        Assert.Empty((await _connection.GetPrefixAsync(TablePrefix)).Kvs);
        Assert.Empty((await _table.ReadAll()).Members);
        Assert.Single((await other.ReadAll()).Members);
        await _table.DeleteMembershipTableEntries(_clusterId); // nothing left: no error
        await _table.InitializeMembershipTable(true);
        Assert.True(await _table.InsertRow(EtcdMembershipEntries.Create(), (await _table.ReadAll()).Version.Next()));
    }

    [Fact]
    public async Task Gateways_are_the_active_silos_with_a_gateway_port()
    {
        var gateways = new EtcdGatewayListProvider(
            _connection,
            Microsoft.Extensions.Options.Options.Create(new GatewayOptions()),
            EtcdServerFixture.Cluster(_clusterId),
            NullLogger<EtcdGatewayListProvider>.Instance);
        await gateways.InitializeGatewayListProvider();
        Assert.Empty(await gateways.GetGateways());
        var entries = Enumerable.Range(0, 6).Select(_ => EtcdMembershipEntries.Create()).ToArray();
        entries[1].Status = SiloStatus.Active;
        entries[2].Status = SiloStatus.Active;
        entries[2].ProxyPort = 0;
        entries[4].Status = SiloStatus.Active;
        entries[5].Status = SiloStatus.Dead;
        foreach (var entry in entries)
        {
            Assert.True(await _table.InsertRow(entry, (await _table.ReadAll()).Version.Next()));
        }

        var found = (await gateways.GetGateways()).Select(g => g.ToString()).Order().ToList();

        var expected = new[] { entries[1], entries[4] }
            .Select(e => SiloAddress.New(e.SiloAddress.Endpoint.Address, e.ProxyPort, e.SiloAddress.Generation).ToGatewayUri().ToString())
            .Order()
            .ToList();
        Assert.Equal(expected, found);
        Assert.True(gateways.IsUpdatable);
    }
}
