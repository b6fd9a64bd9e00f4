using Orleans.Messaging;
using Orleans.Runtime;
using Xunit;

namespace Orleans.Coord.Tests.Contracts;

/// <summary>
/// The <see cref="IMembershipTable"/> contract, as Orleans' own membership table tests exercise it, for every backend
/// with a membership table of this project's own (ZooKeeper, etcd). A subclass gives a fresh table per test on a real
/// server and checks what the backend stores in its own terms.
/// </summary>
public abstract class MembershipTableContract : IAsyncLifetime
{
    /// <summary>The table under test: initialised, empty, on a cluster id of its own.</summary>
    protected abstract IMembershipTable Table { get; }

    /// <summary>The cluster id of <see cref="Table"/>.</summary>
    protected abstract string ClusterId { get; }

    /// <summary>The gateway list provider of <see cref="Table"/>'s cluster, initialised.</summary>
    protected abstract IGatewayListProvider Gateways { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>A new table object on the same store for <paramref name="clusterId"/>, not yet initialised.</summary>
    protected abstract IMembershipTable OpenTable(string clusterId);

    /// <summary>Checks how the backend stored <paramref name="entry"/>, the first row, with <paramref name="rowEtag"/> and table <paramref name="version"/>.</summary>
    protected abstract Task AssertStoredAsync(MembershipEntry entry, string rowEtag, TableVersion version);

    /// <summary>Checks that the backend keeps <paramref name="rows"/> rows of the cluster and nothing of the deleted ones.</summary>
    protected abstract Task AssertStoredRowCountAsync(int rows);

    /// <summary>Checks that nothing of the cluster is left in the backend after <see cref="IMembershipTable.DeleteMembershipTableEntries"/>.</summary>
    protected abstract Task AssertClusterDeletedAsync();

    [Fact]
    public async Task Empty_table_has_version_zero_and_no_members()
    {
        var data = await Table.ReadAllAsync();
        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.NotNull(data.Version.VersionEtag);

        var row = await Table.ReadRowAsync(MembershipEntries.NewSiloAddress());
        Assert.Empty(row.Members);
        Assert.Equal(0, row.Version.Version);
    }

    [Fact]
    public async Task Initialize_is_idempotent_and_keeps_the_rows()
    {
        Assert.True(await Table.InsertRowAsync(MembershipEntries.Create(), (await Table.ReadAllAsync()).Version.Next()));

        var second = OpenTable(ClusterId);
        try
        {
            await second.InitializeMembershipTableAsync(true);
            var data = await second.ReadAllAsync();
            Assert.Single(data.Members);
            Assert.Equal(1, data.Version.Version);
        }
        finally
        {
            await DisposeTableAsync(second);
        }
    }

    [Fact]
    public async Task Insert_stores_every_field_and_bumps_the_table_version()
    {
        var entry = MembershipEntries.Create(SiloStatus.Active);
        entry.SuspectTimes = [Tuple.Create(MembershipEntries.NewSiloAddress(), MembershipEntries.UtcNowSeconds().AddSeconds(1))];

        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync()).Version.Next()));

        var data = await Table.ReadAllAsync();
        Assert.Equal(1, data.Version.Version);
        var (stored, etag) = Assert.Single(data.Members);
        Assert.Equal(entry.ToFullString(), stored.ToFullString());
        Assert.Equal(entry.IAmAliveTime, stored.IAmAliveTime);
        Assert.Equal(DateTimeKind.Utc, stored.StartTime.Kind);
        await AssertStoredAsync(entry, etag, data.Version);
    }

    [Fact]
    public async Task Insert_fails_for_a_duplicate_or_a_stale_table_version_and_changes_nothing()
    {
        var entry = MembershipEntries.Create();
        var next = (await Table.ReadAllAsync()).Version.Next();
        Assert.True(await Table.InsertRowAsync(entry, next));

        Assert.False(await Table.InsertRowAsync(entry, next)); // same entry, old table version
        Assert.False(await Table.InsertRowAsync(MembershipEntries.Create(), next)); // new entry, old table version

        var data = await Table.ReadAllAsync();
        Assert.Equal(1, data.Version.Version);
        Assert.False(await Table.InsertRowAsync(entry, data.Version.Next())); // duplicate with the right version

        var after = await Table.ReadAllAsync();
        Assert.Single(after.Members);
        Assert.Equal(data.Version, after.Version);
    }

    [Fact]
    public async Task ReadRow_returns_the_row_with_its_etag_and_the_table_version()
    {
        var first = MembershipEntries.Create();
        Assert.True(await Table.InsertRowAsync(first, (await Table.ReadAllAsync()).Version.Next()));
        Assert.True(await Table.InsertRowAsync(MembershipEntries.Create(), (await Table.ReadAllAsync()).Version.Next()));
        var all = await Table.ReadAllAsync();

        var data = await Table.ReadRowAsync(first.SiloAddress);

        Assert.Equal(all.Version, data.Version);
        var (entry, etag) = Assert.Single(data.Members);
        Assert.Equal(first.SiloAddress, entry.SiloAddress);
        Assert.Equal(all.TryGet(first.SiloAddress)!.Item2, etag);
        Assert.Equal(2, (await Table.ReadAllAsync()).Members.Count);
    }

    [Fact]
    public async Task UpdateRow_needs_the_current_row_etag_and_table_version()
    {
        var table = await Table.ReadAllAsync();
        for (var i = 1; i <= 3; i++)
        {
            var entry = MembershipEntries.Create();
            var insertVersion = table.Version.Next();
            Assert.True(await Table.InsertRowAsync(entry, insertVersion));
            table = await Table.ReadAllAsync();
            var etagBefore = table.TryGet(entry.SiloAddress)!.Item2;

            Assert.False(await Table.UpdateRowAsync(entry, etagBefore, insertVersion)); // stale table version

            entry.Status = SiloStatus.Active;
            entry.SuspectTimes = [Tuple.Create(MembershipEntries.NewSiloAddress(), MembershipEntries.UtcNowSeconds())];
            var updateVersion = (await Table.ReadAllAsync()).Version.Next();
            Assert.True(await Table.UpdateRowAsync(entry, etagBefore, updateVersion));
            Assert.False(await Table.UpdateRowAsync(entry, etagBefore, updateVersion)); // stale row etag and table version

            table = await Table.ReadAllAsync();
            var (stored, etagAfter) = table.TryGet(entry.SiloAddress)!;
            Assert.NotEqual(etagBefore, etagAfter);
            Assert.Equal(entry.ToFullString(), stored.ToFullString());
            Assert.False(await Table.UpdateRowAsync(entry, etagBefore, table.Version.Next())); // stale row etag only
            Assert.False(await Table.UpdateRowAsync(entry, etagAfter, updateVersion)); // stale table version only

            table = await Table.ReadAllAsync();
            Assert.Equal(etagAfter, table.TryGet(entry.SiloAddress)!.Item2);
            Assert.Equal(updateVersion.Version, table.Version.Version);
            Assert.Equal(i, table.Members.Count);
        }
    }

    [Fact]
    public async Task UpdateRow_of_a_missing_row_fails_and_leaves_the_table_version()
    {
        var before = (await Table.ReadAllAsync()).Version;
        Assert.False(await Table.UpdateRowAsync(MembershipEntries.Create(), "0", before.Next()));
        Assert.False(await Table.UpdateRowAsync(MembershipEntries.Create(), before.VersionEtag, before.Next()));
        Assert.Equal(before, (await Table.ReadAllAsync()).Version);
    }

    [Fact]
    public async Task Concurrent_updates_serialize_through_the_table_version()
    {
        var entry = MembershipEntries.Create();
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync()).Version.Next()));
        var wins = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (true)
            {
                var table = await Table.ReadAllAsync();
                var (row, etag) = table.TryGet(entry.SiloAddress)!;
                if (await Table.UpdateRowAsync(row, etag, table.Version.Next()))
                {
                    Interlocked.Increment(ref wins);
                    return;
                }
            }
        })).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(8, wins);
        Assert.Equal(9, (await Table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task UpdateIAmAlive_changes_neither_the_row_etag_nor_the_table_version()
    {
        var entry = MembershipEntries.Create();
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync()).Version.Next()));
        var before = await Table.ReadAllAsync();
        var alive = DateTime.UtcNow.AddSeconds(5);

        await Table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = entry.SiloAddress, IAmAliveTime = alive });

        var after = await Table.ReadAllAsync();
        var (stored, etag) = Assert.Single(after.Members);
        Assert.Equal(alive, stored.IAmAliveTime);
        Assert.Equal(entry.Status, stored.Status);
        Assert.Equal(before.Members[0].Item2, etag);
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task Cleanup_deletes_old_rows_that_are_not_active_and_keeps_recent_ones()
    {
        var fresh = MembershipEntries.Create();
        Assert.True(await Table.InsertRowAsync(fresh, (await Table.ReadAllAsync()).Version.Next()));
        var oldEntries = new List<MembershipEntry>();
        foreach (var status in Enum.GetValues<SiloStatus>())
        {
            var old = MembershipEntries.Create(status);
            old.StartTime = old.StartTime.AddDays(-10);
            old.IAmAliveTime = old.IAmAliveTime.AddDays(-10);
            Assert.True(await Table.InsertRowAsync(old, (await Table.ReadAllAsync()).Version.Next()));
            oldEntries.Add(old);
        }

        // An old row whose IAmAlive is recent stays.
        var revived = oldEntries.First(e => e.Status == SiloStatus.Dead);
        await Table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = revived.SiloAddress, IAmAliveTime = DateTime.UtcNow });
        var versionBefore = (await Table.ReadAllAsync()).Version;

        await Table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddDays(-7));

        var after = await Table.ReadAllAsync();
        Assert.Equal(
            new[] { fresh.SiloAddress, revived.SiloAddress, oldEntries.Single(e => e.Status == SiloStatus.Active).SiloAddress }.Order(),
            after.Members.Select(m => m.Item1.SiloAddress).Order());
        Assert.Equal(versionBefore, after.Version);
        await AssertStoredRowCountAsync(3);
    }

    [Fact]
    public async Task DeleteMembershipTableEntries_removes_the_cluster_only()
    {
        Assert.True(await Table.InsertRowAsync(MembershipEntries.Create(), (await Table.ReadAllAsync()).Version.Next()));
        var other = OpenTable(ClusterId + "-other");
        try
        {
            await other.InitializeMembershipTableAsync(true);
            Assert.True(await other.InsertRowAsync(MembershipEntries.Create(), (await other.ReadAllAsync()).Version.Next()));

            await Table.DeleteMembershipTableEntriesAsync(ClusterId);

            await AssertClusterDeletedAsync();
            Assert.Single((await other.ReadAllAsync()).Members);
            await Table.DeleteMembershipTableEntriesAsync(ClusterId); // nothing left: no error
            await Table.InitializeMembershipTableAsync(true);
            Assert.Equal(0, (await Table.ReadAllAsync()).Version.Version);
            Assert.True(await Table.InsertRowAsync(MembershipEntries.Create(), (await Table.ReadAllAsync()).Version.Next()));
        }
        finally
        {
            await other.DeleteMembershipTableEntriesAsync(ClusterId + "-other");
            await DisposeTableAsync(other);
        }
    }

    [Fact]
    public async Task Gateways_are_the_active_silos_with_a_gateway_port()
    {
        Assert.Empty(await Gateways.GetGatewaysAsync());
        var entries = Enumerable.Range(0, 6).Select(_ => MembershipEntries.Create()).ToArray();
        entries[1].Status = SiloStatus.Active;
        entries[2].Status = SiloStatus.Active;
        entries[2].ProxyPort = 0;
        entries[4].Status = SiloStatus.Active;
        entries[5].Status = SiloStatus.Dead;
        foreach (var entry in entries)
        {
            Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync()).Version.Next()));
        }

        var found = (await Gateways.GetGatewaysAsync()).Select(g => g.ToString()).Order().ToList();

        var expected = new[] { entries[1], entries[4] }
            .Select(e => SiloAddress.New(e.SiloAddress.Endpoint.Address, e.ProxyPort, e.SiloAddress.Generation).ToGatewayUri().ToString())
            .Order()
            .ToList();
        Assert.Equal(expected, found);
    }

    private static async Task DisposeTableAsync(IMembershipTable table)
    {
        switch (table)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
