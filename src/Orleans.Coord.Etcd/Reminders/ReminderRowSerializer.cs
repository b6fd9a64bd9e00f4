using System.Text.Json;
using Orleans.Runtime;

namespace Orleans.Coord.Etcd.Reminders;

/// <summary>
/// The value of a reminder key: UTF-8 JSON with the grain id (Orleans' <c>type/key</c> text), the reminder name, the
/// first tick (ISO 8601 UTC) and the period (in ticks of 100 ns). The ETag is not stored: it is the key's mod revision.
/// </summary>
internal static class ReminderRowSerializer
{
    public static byte[] Serialize(ReminderEntry entry) => JsonSerializer.SerializeToUtf8Bytes(new ReminderRow
    {
        GrainId = entry.GrainId.ToString(),
        ReminderName = entry.ReminderName,
        StartAt = DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc),
        PeriodTicks = entry.Period.Ticks,
    });

    /// <exception cref="FormatException">The value is not a reminder row.</exception>
    public static ReminderEntry Deserialize(ReadOnlySpan<byte> data, string etag)
    {
        ReminderRow? row;
        try
        {
            row = JsonSerializer.Deserialize<ReminderRow>(data);
        }
        catch (JsonException ex)
        {
            throw new FormatException("The value is not a JSON reminder row.", ex);
        }

        if (row?.GrainId is null || row.ReminderName is null)
        {
            throw new FormatException("The reminder row has no grain id or no name.");
        }

        return new ReminderEntry
        {
            GrainId = GrainId.Parse(row.GrainId),
            ReminderName = row.ReminderName,
            StartAt = row.StartAt,
            Period = TimeSpan.FromTicks(row.PeriodTicks),
            ETag = etag,
        };
    }

    private sealed class ReminderRow
    {
        public string? GrainId { get; set; }

        public string? ReminderName { get; set; }

        public DateTime StartAt { get; set; }

        public long PeriodTicks { get; set; }
    }
}
