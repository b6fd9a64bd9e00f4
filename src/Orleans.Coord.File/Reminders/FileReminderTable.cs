using Microsoft.Extensions.Logging;
using Orleans.Coord.File.Internal;
using Orleans.Runtime;

namespace Orleans.Coord.File.Reminders;

/// <summary>
/// The Orleans reminder table in files, so that reminders survive a restart of the silo: one file per grain,
/// <c>&lt;directory&gt;/reminders/&lt;grain id&gt;</c> (<see cref="ReminderFile"/>), replaced durably
/// (<see cref="DurableFile"/>) on every change before the change is answered. The files are read once, when the table
/// starts; afterwards reads are answered from memory, which every change updates after its file is written. The
/// lease backstop reminders of Orleans.Coord's session grains live here: after a restart they re-activate the sessions
/// whose clients did not come back, which then expire. ETags are random; a remove or an update through an old ETag finds
/// the row changed.
/// </summary>
internal sealed partial class FileReminderTable(BackendDirectory directory, ILogger<FileReminderTable> logger) : IReminderTable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<GrainId, Dictionary<string, ReminderEntry>>? _rows;
    private string _folder = "";

    public Task Init() => LoadAsync(CancellationToken.None);

    public Task StartAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await RowsAsync();
        lock (rows)
        {
            return rows.TryGetValue(grainId, out var grain) && grain.TryGetValue(reminderName, out var entry) ? Copy(entry) : null;
        }
    }

    public async Task<ReminderTableData> ReadRows(GrainId grainId)
    {
        var rows = await RowsAsync();
        lock (rows)
        {
            return new ReminderTableData(rows.TryGetValue(grainId, out var grain) ? grain.Values.Select(Copy).ToList() : []);
        }
    }

    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var rows = await RowsAsync();
        lock (rows)
        {
            return new ReminderTableData(rows
                .Where(row => InRange(row.Key.GetUniformHashCode(), begin, end))
                .SelectMany(row => row.Value.Values.Select(Copy))
                .ToList());
        }
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var rows = await RowsAsync();
        await _gate.WaitAsync();
        try
        {
            var stored = Copy(entry);
            stored.ETag = Guid.NewGuid().ToString("N");
            Dictionary<string, ReminderEntry> next;
            lock (rows)
            {
                next = rows.TryGetValue(entry.GrainId, out var grain) ? new(grain) : [];
            }

            next[entry.ReminderName] = stored;
            await SaveAsync(entry.GrainId, next);
            lock (rows)
            {
                rows[entry.GrainId] = next;
            }

            return stored.ETag;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        var rows = await RowsAsync();
        await _gate.WaitAsync();
        try
        {
            Dictionary<string, ReminderEntry> next;
            lock (rows)
            {
                if (!rows.TryGetValue(grainId, out var grain) || !grain.TryGetValue(reminderName, out var entry) || entry.ETag != eTag)
                {
                    return false;
                }

                next = new(grain);
            }

            next.Remove(reminderName);
            await SaveAsync(grainId, next);
            lock (rows)
            {
                if (next.Count == 0)
                {
                    rows.Remove(grainId);
                }
                else
                {
                    rows[grainId] = next;
                }
            }

            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task TestOnlyClearTable()
    {
        var rows = await RowsAsync();
        await _gate.WaitAsync();
        try
        {
            List<GrainId> grains;
            lock (rows)
            {
                grains = rows.Keys.ToList();
            }

            foreach (var grain in grains)
            {
                await SaveAsync(grain, []);
                lock (rows)
                {
                    rows.Remove(grain);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether <paramref name="hash"/> is in (begin, end], the range wrapping around when begin ≥ end.</summary>
    internal static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private async Task<Dictionary<GrainId, Dictionary<string, ReminderEntry>>> RowsAsync()
    {
        if (Volatile.Read(ref _rows) is { } rows)
        {
            return rows;
        }

        await LoadAsync(CancellationToken.None);
        return _rows!;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_rows is not null)
            {
                return;
            }

            _folder = directory.Subdirectory("reminders");
            var rows = new Dictionary<GrainId, Dictionary<string, ReminderEntry>>();
            foreach (var path in Directory.EnumerateFiles(_folder))
            {
                var (grainId, reminders) = ReminderFile.Read(path);
                if (Path.GetFileName(path) != FileNames.For(grainId.ToString()))
                {
                    throw new InvalidDataException($"{path} holds the reminders of {grainId}, whose file has another name.");
                }

                rows[grainId] = reminders.ToDictionary(r => r.ReminderName);
            }

            LogLoaded(rows.Values.Sum(r => r.Count), rows.Count, _folder);
            Volatile.Write(ref _rows, rows);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes a grain's reminders durably, on the backend's I/O threads (<see cref="BlockingIo"/>).</summary>
    private Task SaveAsync(GrainId grainId, Dictionary<string, ReminderEntry> reminders)
    {
        var name = FileNames.For(grainId.ToString());
        if (reminders.Count == 0)
        {
            return BlockingIo.RunAsync(() => DurableFile.Delete(_folder, name));
        }

        var content = ReminderFile.ToBytes(grainId, reminders.Values);
        return BlockingIo.RunAsync(() => DurableFile.Replace(_folder, name, content));
    }

    private static ReminderEntry Copy(ReminderEntry entry) => new()
    {
        GrainId = entry.GrainId,
        ReminderName = entry.ReminderName,
        StartAt = entry.StartAt,
        Period = entry.Period,
        ETag = entry.ETag,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "File reminder table: {Count} reminders of {Grains} grains loaded from {Path}.")]
    private partial void LogLoaded(int count, int grains, string path);
}
