using Orleans.Coord.ZooKeeper.Tests.Infrastructure;
using Orleans.Runtime;
using Xunit;

namespace Orleans.Coord.ZooKeeper.Tests.OrleansIntegration;

/// <summary>The IMembershipTable contract, as Orleans' own membership table tests exercise it, against a real server.</summary>
[Collection(StandaloneServerCollection.Name)]
public sealed class MembershipTableTests(StandaloneServerFixture fixture) : MembershipTableContext(fixture)
{
    [Fact]
    public async Task Empty_table_has_version_zero_and_no_members()
    {
        var data = await Table.ReadAll();
        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.NotNull(data.Version.VersionEtag);

        var row = await Table.ReadRow(MembershipTestEntries.NewSiloAddress());
        Assert.Empty(row.Members);
        Assert.Equal(0, row.Version.Version);
    }

    [Fact]
    public async Task Initialize_is_idempotent_and_keeps_the_rows()
    {
        var entry = MembershipTestEntries.Create();
        Assert.True(await Table.InsertRow(entry, (await Table.ReadAll()).Version.Next()));

        await using var second = CreateTable();
        await second.InitializeMembershipTable(true);

        var data = await second.ReadAll();
        Assert.Single(data.Members);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task Insert_stores_every_field_and_bumps_the_table_version()
    {
        var entry = MembershipTestEntries.Create(SiloStatus.Active);
        entry.SuspectTimes = [Tuple.Create(MembershipTestEntries.NewSiloAddress(), MembershipTestEntries.UtcNowSeconds().AddSeconds(1))];
        var version = (await Table.ReadAll()).Version;

        Assert.True(await Table.InsertRow(entry, version.Next()));

        var data = await Table.ReadAll();
        Assert.Equal(1, data.Version.Version);
        var (stored, etag) = Assert.Single(data.Members);
        Assert.Equal(entry.ToFullString(), stored.ToFullString());
        Assert.Equal(entry.IAmAliveTime, stored.IAmAliveTime);
        Assert.Equal(DateTimeKind.Utc, stored.StartTime.Kind);
        Assert.Equal("0", etag);

        // The layout: the table node's data version is the table version, the row is a child with an IAmAlive child.
        Assert.Equal(1, (await Plain.ExistsAsync(ClusterNode))!.Version);
        var rowNode = ClusterNode + "/" + entry.SiloAddress.ToParsableString();
        Assert.Equal(0, (await Plain.ExistsAsync(rowNode))!.Version);
        Assert.NotNull(await Plain.ExistsAsync(rowNode + "/IAmAlive"));
    }

    [Fact]
    public async Task Insert_fails_for_a_duplicate_or_a_stale_table_version_and_changes_nothing()
    {
        var entry = MembershipTestEntries.Create();
        var next = (await Table.ReadAll()).Version.Next();
        Assert.True(await Table.InsertRow(entry, next));

        Assert.False(await Table.InsertRow(entry, next)); // same entry, old table version
        Assert.False(await Table.InsertRow(MembershipTestEntries.Create(), next)); // new entry, old table version

        var data = await Table.ReadAll();
        Assert.Equal(1, data.Version.Version);
        Assert.False(await Table.InsertRow(entry, data.Version.Next())); // duplicate with the right version

        data = await Table.ReadAll();
        Assert.Single(data.Members);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task ReadRow_returns_the_row_with_its_etag_and_the_table_version()
    {
        var first = MembershipTestEntries.Create();
        var second = MembershipTestEntries.Create();
        Assert.True(await Table.InsertRow(first, (await Table.ReadAll()).Version.Next()));
        Assert.True(await Table.InsertRow(second, (await Table.ReadAll()).Version.Next()));

        var data = await Table.ReadRow(first.SiloAddress);

        Assert.Equal(2, data.Version.Version);
        Assert.Equal("2", data.Version.VersionEtag);
        var (entry, etag) = Assert.Single(data.Members);
        Assert.Equal(first.SiloAddress, entry.SiloAddress);
        Assert.Equal("0", etag);
        Assert.Equal(2, (await Table.ReadAll()).Members.Count);
    }

    [Fact]
    public async Task UpdateRow_needs_the_current_row_etag_and_table_version()
    {
        var table = await Table.ReadAll();
        for (var i = 1; i <= 3; i++)
        {
            var entry = MembershipTestEntries.Create();
            var insertVersion = table.Version.Next();
            Assert.True(await Table.InsertRow(entry, insertVersion));
            table = await Table.ReadAll();
            var etagBefore = table.TryGet(entry.SiloAddress)!.Item2;

            Assert.False(await Table.UpdateRow(entry, etagBefore, insertVersion)); // stale table version

            entry.Status = SiloStatus.Active;
            entry.SuspectTimes = [Tuple.Create(MembershipTestEntries.NewSiloAddress(), MembershipTestEntries.UtcNowSeconds())];
            var updateVersion = (await Table.ReadAll()).Version.Next();
            Assert.True(await Table.UpdateRow(entry, etagBefore, updateVersion));
            Assert.False(await Table.UpdateRow(entry, etagBefore, updateVersion)); // stale row etag and table version

            table = await Table.ReadAll();
            var (stored, etagAfter) = table.TryGet(entry.SiloAddress)!;
            Assert.NotEqual(etagBefore, etagAfter);
            Assert.Equal(entry.ToFullString(), stored.ToFullString());
            Assert.False(await Table.UpdateRow(entry, etagBefore, table.Version.Next())); // stale row etag only
            Assert.False(await Table.UpdateRow(entry, etagAfter, updateVersion)); // stale table version only

            table = await Table.ReadAll();
            Assert.Equal(etagAfter, table.TryGet(entry.SiloAddress)!.Item2);
            Assert.Equal(updateVersion.Version, table.Version.Version);
            Assert.Equal(i, table.Members.Count);
        }
    }

    [Fact]
    public async Task UpdateRow_of_a_missing_row_fails_and_leaves_the_table_version()
    {
        var entry = MembershipTestEntries.Create();
        Assert.False(await Table.UpdateRow(entry, "0", (await Table.ReadAll()).Version.Next()));
        Assert.Equal(0, (await Table.ReadAll()).Version.Version);
    }

    [Fact]
    public async Task Concurrent_updates_serialize_through_the_table_version()
    {
        var entry = MembershipTestEntries.Create();
        Assert.True(await Table.InsertRow(entry, (await Table.ReadAll()).Version.Next()));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (true)
            {
                var table = await Table.ReadAll();
                var (row, etag) = table.TryGet(entry.SiloAddress)!;
                if (await Table.UpdateRow(row, etag, table.Version.Next()))
                {
                    return;
                }
            }
        })).WaitAsync(TimeSpan.FromSeconds(30));

        var data = await Table.ReadAll();
        Assert.Equal(9, data.Version.Version);
        Assert.Equal("8", Assert.Single(data.Members).Item2);
    }

    [Fact]
    public async Task UpdateIAmAlive_changes_neither_the_row_etag_nor_the_table_version()
    {
        var entry = MembershipTestEntries.Create();
        Assert.True(await Table.InsertRow(entry, (await Table.ReadAll()).Version.Next()));
        var before = await Table.ReadAll();
        var alive = DateTime.UtcNow.AddSeconds(5);

        await Table.UpdateIAmAlive(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = alive });

        var after = await Table.ReadAll();
        var (stored, etag) = Assert.Single(after.Members);
        Assert.Equal(alive, stored.IAmAliveTime);
        Assert.Equal(before.Members[0].Item2, etag);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(entry.Status, stored.Status);
    }

    [Fact]
    public async Task Cleanup_deletes_old_rows_that_are_not_active()
    {
        var table = await Table.ReadAll();
        var fresh = MembershipTestEntries.Create();
        Assert.True(await Table.InsertRow(fresh, table.Version.Next()));
        var oldEntries = new List<MembershipEntry>();
        foreach (var status in Enum.GetValues<SiloStatus>())
        {
            var old = MembershipTestEntries.Create(status);
            old.StartTime = old.StartTime.AddDays(-10);
            old.IAmAliveTime = old.IAmAliveTime.AddDays(-10);
            Assert.True(await Table.InsertRow(old, (await Table.ReadAll()).Version.Next()));
            oldEntries.Add(old);
        }

        var versionBefore = (await Table.ReadAll()).Version;

        await Table.CleanupDefunctSiloEntries(DateTimeOffset.UtcNow.AddDays(-7));

        var after = await Table.ReadAll();
        Assert.Equal(
            new[] { fresh.SiloAddress, oldEntries.Single(e => e.Status == SiloStatus.Active).SiloAddress }.Order(),
            after.Members.Select(m => m.Item1.SiloAddress).Order());
        Assert.Equal(versionBefore, after.Version);
        Assert.Equal(2, (await Plain.GetChildrenAsync(ClusterNode)).Children.Count);
    }

    [Fact]
    public async Task Cleanup_keeps_an_old_row_whose_IAmAlive_is_recent()
    {
        var entry = MembershipTestEntries.Create(SiloStatus.Dead);
        entry.StartTime = entry.StartTime.AddDays(-10);
        entry.IAmAliveTime = entry.IAmAliveTime.AddDays(-10);
        Assert.True(await Table.InsertRow(entry, (await Table.ReadAll()).Version.Next()));
        await Table.UpdateIAmAlive(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = DateTime.UtcNow });

        await Table.CleanupDefunctSiloEntries(DateTimeOffset.UtcNow.AddDays(-7));

        Assert.Single((await Table.ReadAll()).Members);
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_removes_the_cluster_node_and_its_rows()
    {
        Assert.True(await Table.InsertRow(MembershipTestEntries.Create(), (await Table.ReadAll()).Version.Next()));

        await Table.DeleteMembershipTableEntries(ClusterId);

        Assert.Null(await Plain.ExistsAsync(ClusterNode));
        await Assert.ThrowsAsync<NoNodeException>(() => Table.ReadAll());
        await Table.DeleteMembershipTableEntries(ClusterId); // nothing left: no error
        await Table.InitializeMembershipTable(true);
        Assert.Equal(0, (await Table.ReadAll()).Version.Version);
    }

    [Fact]
    public async Task Gateways_are_the_active_silos_with_a_gateway_port()
    {
        Assert.Empty(await Gateways.GetGateways());
        var entries = Enumerable.Range(0, 6).Select(_ => MembershipTestEntries.Create()).ToArray();
        entries[1].Status = SiloStatus.Active;
        entries[2].Status = SiloStatus.Active;
        entries[2].ProxyPort = 0;
        entries[4].Status = SiloStatus.Active;
        entries[5].Status = SiloStatus.Dead;
        foreach (var entry in entries)
        {
            Assert.True(await Table.InsertRow(entry, (await Table.ReadAll()).Version.Next()));
        }

        var gateways = (await Gateways.GetGateways()).Select(g => g.ToString()).Order().ToList();

        var expected = new[] { entries[1], entries[4] }
            .Select(e => SiloAddress.New(e.SiloAddress.Endpoint.Address, e.ProxyPort, e.SiloAddress.Generation).ToGatewayUri().ToString())
            .Order()
            .ToList();
        Assert.Equal(expected, gateways);
        Assert.True(Gateways.IsUpdatable);
    }

    [Fact]
    public async Task Table_sessions_are_long_lived_and_closed_on_dispose()
    {
        var sessionsBefore = await CountSessionsAsync();
        for (var i = 0; i < 5; i++)
        {
            await Table.ReadAll();
        }

        Assert.Equal(sessionsBefore, await CountSessionsAsync());

        await using (var extra = CreateTable())
        {
            await extra.InitializeMembershipTable(true);
            Assert.Equal(sessionsBefore + 1, await CountSessionsAsync());
        }

        await Poll.UntilAsync(async () => await CountSessionsAsync() == sessionsBefore, TimeSpan.FromSeconds(10), "the disposed table's session is closed");
    }

    private async Task<int> CountSessionsAsync()
    {
        // "cons" lists one line per connection (with its session id) on the shared server.
        var text = await Fixture.Server.FourLetterWordAsync("cons") ?? string.Empty;
        return text.Split('\n').Count(line => line.Contains("sid=0x", StringComparison.Ordinal));
    }
}
