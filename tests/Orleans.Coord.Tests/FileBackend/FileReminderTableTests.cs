using Orleans.Coord.File.Reminders;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.FileBackend;

/// <summary>The file backend's reminder table on a real directory: ETags, ranges, and reminders that outlive the table.</summary>
public sealed class FileReminderTableTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private readonly FileBackendTestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Upserted_reminders_are_read_back_and_removed_only_with_their_current_etag()
    {
        var table = _directory.Reminders();
        await table.StartAsync(CancellationToken.None);
        var grain = NewGrain();

        var first = await table.UpsertRow(Entry(grain, "backstop", TimeSpan.FromMinutes(1)));
        var second = await table.UpsertRow(Entry(grain, "backstop", TimeSpan.FromMinutes(2)));
        await table.UpsertRow(Entry(grain, "other", TimeSpan.FromMinutes(3)));

        Assert.NotEqual(first, second);
        var row = await table.ReadRow(grain, "backstop");
        Assert.Equal(second, row!.ETag);
        Assert.Equal(TimeSpan.FromMinutes(2), row.Period);
        Assert.Equal(Start, row.StartAt);
        Assert.Equal(2, (await table.ReadRows(grain)).Reminders.Count);
        Assert.False(await table.RemoveRow(grain, "backstop", first!));
        Assert.False(await table.RemoveRow(grain, "missing", second!));
        Assert.True(await table.RemoveRow(grain, "backstop", second!));
        Assert.Null(await table.ReadRow(grain, "backstop"));
        Assert.Single((await table.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task Reminders_outlive_the_table_and_a_new_table_on_the_reopened_directory_reads_them()
    {
        var table = _directory.Reminders();
        await table.StartAsync(CancellationToken.None);
        var kept = NewGrain();
        var removed = NewGrain();
        var etag = await table.UpsertRow(Entry(kept, "backstop", TimeSpan.FromMinutes(1)));
        var removedETag = await table.UpsertRow(Entry(removed, "backstop", TimeSpan.FromMinutes(1)));
        Assert.True(await table.RemoveRow(removed, "backstop", removedETag!));

        _directory.Reopen();
        var restarted = _directory.Reminders();
        await restarted.StartAsync(CancellationToken.None);

        var row = await restarted.ReadRow(kept, "backstop");
        Assert.Equal(etag, row!.ETag);
        Assert.Equal(Start, row.StartAt);
        Assert.Null(await restarted.ReadRow(removed, "backstop"));
        Assert.Single((await restarted.ReadRows(0, 0)).Reminders);
    }

    [Fact]
    public async Task Range_reads_return_the_grains_whose_hash_is_in_the_range_wrapping_around()
    {
        var table = _directory.Reminders();
        await table.StartAsync(CancellationToken.None);
        var grains = Enumerable.Range(0, 40).Select(_ => NewGrain()).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "r", TimeSpan.FromMinutes(1)));
        }

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        var middle = hashes[20];

        var low = await table.ReadRows(0, middle);
        var high = await table.ReadRows(middle, 0);
        var all = await table.ReadRows(middle, middle);

        Assert.Equal(hashes.Count(h => h > 0 && h <= middle), low.Reminders.Count);
        Assert.Equal(hashes.Count(h => h > middle || h == 0), high.Reminders.Count);
        Assert.Equal(grains.Count, low.Reminders.Count + high.Reminders.Count);
        Assert.Equal(grains.Count, all.Reminders.Count);
        Assert.True(FileReminderTable.InRange(11, 10, 4));
        Assert.True(FileReminderTable.InRange(3, 10, 4));
        Assert.False(FileReminderTable.InRange(7, 10, 4));
    }

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan period) =>
        new() { GrainId = grain, ReminderName = name, StartAt = Start, Period = period };

    private static GrainId NewGrain() => GrainId.Create("session", Guid.NewGuid().ToString("N"));
}
