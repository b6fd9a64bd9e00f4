using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Coord.Etcd.Internal;
using Orleans.Coord.Etcd.Reminders;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Etcd;

/// <summary>The IReminderTable contract on a real etcd: durable rows, mod revisions as ETags, hash-range reads.</summary>
[Collection(EtcdServerCollection.Name)]
public sealed class EtcdReminderTableTests : IAsyncLifetime
{
    private readonly string _prefix = "rt-" + Guid.NewGuid().ToString("N")[..10];
    private readonly EtcdConnection _connection;
    private readonly EtcdReminderTable _table;

    public EtcdReminderTableTests(EtcdServerFixture fixture)
    {
        _connection = fixture.Connect(_prefix);
        _table = new EtcdReminderTable(_connection, EtcdServerFixture.Cluster("cluster"), NullLogger<EtcdReminderTable>.Instance);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _connection.DeletePrefixAsync($"/{_prefix}/");
        _connection.Dispose();
    }

    [Fact]
    public async Task Upsert_then_read_round_trips_with_the_mod_revision_as_etag()
    {
        var entry = NewEntry("backstop");

        var etag = await _table.UpsertRow(entry);

        var read = await _table.ReadRow(entry.GrainId, "backstop");
        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.Equal(entry.GrainId, read.GrainId);
        Assert.Equal(entry.StartAt, read.StartAt);
        Assert.Equal(entry.Period, read.Period);
        Assert.Null(await _table.ReadRow(entry.GrainId, "other"));

        var again = await _table.UpsertRow(entry);
        Assert.True(long.Parse(again!) > long.Parse(etag!));
        Assert.Single((await _table.ReadRows(entry.GrainId)).Reminders);
    }

    [Fact]
    public async Task Remove_needs_the_current_etag()
    {
        var entry = NewEntry("r");
        var first = await _table.UpsertRow(entry);
        var second = await _table.UpsertRow(entry);

        Assert.False(await _table.RemoveRow(entry.GrainId, "r", first!));
        Assert.False(await _table.RemoveRow(entry.GrainId, "r", "garbage"));
        Assert.NotNull(await _table.ReadRow(entry.GrainId, "r"));
        Assert.True(await _table.RemoveRow(entry.GrainId, "r", second!));
        Assert.Null(await _table.ReadRow(entry.GrainId, "r"));
        Assert.False(await _table.RemoveRow(entry.GrainId, "r", second!));
    }

    [Fact]
    public async Task ReadRows_by_grain_and_by_hash_range_find_exactly_the_matching_reminders()
    {
        var entries = Enumerable.Range(0, 12).Select(i => NewEntry("r" + (i % 2))).ToList();
        foreach (var entry in entries)
        {
            await _table.UpsertRow(entry);
        }

        var hashes = entries.Select(e => e.GrainId.GetUniformHashCode()).Distinct().Order().ToList();
        var begin = hashes[2];
        var end = hashes[8];

        var inside = (await _table.ReadRows(begin, end)).Reminders;
        Assert.Equal(
            entries.Where(e => e.GrainId.GetUniformHashCode() > begin && e.GrainId.GetUniformHashCode() <= end).Select(Id).Order(),
            inside.Select(Id).Order());
        var wrapped = (await _table.ReadRows(end, begin)).Reminders;
        Assert.Equal(entries.Count, inside.Count + wrapped.Count);
        Assert.Empty(inside.Select(Id).Intersect(wrapped.Select(Id)));
        Assert.Equal(entries.Count, (await _table.ReadRows(0u, 0u)).Reminders.Count);

        Assert.Equal([entries[3].ReminderName], (await _table.ReadRows(entries[3].GrainId)).Reminders.Select(r => r.ReminderName));

        await _table.TestOnlyClearTable();
        Assert.Empty((await _table.ReadRows(0u, 0u)).Reminders);
    }

    [Fact]
    public void Hash_ranges_wrap_around_as_Orleans_defines_them()
    {
        Assert.True(EtcdReminderTable.InRange(5, 4, 5));
        Assert.False(EtcdReminderTable.InRange(4, 4, 5));
        Assert.True(EtcdReminderTable.InRange(uint.MaxValue, 10, 2));
        Assert.True(EtcdReminderTable.InRange(1, 10, 2));
        Assert.False(EtcdReminderTable.InRange(5, 10, 2));
        Assert.True(EtcdReminderTable.InRange(123, 7, 7));
    }

    private static string Id(ReminderEntry e) => e.GrainId + "/" + e.ReminderName;

    private static ReminderEntry NewEntry(string name) => new()
    {
        GrainId = GrainId.Create("test-grain", Guid.NewGuid().ToString("N")),
        ReminderName = name,
        StartAt = DateTime.SpecifyKind(new DateTime(2026, 1, 2, 3, 4, 5), DateTimeKind.Utc),
        Period = TimeSpan.FromMinutes(1),
    };
}
