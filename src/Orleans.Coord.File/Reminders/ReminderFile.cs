using System.Text;
using Orleans.Runtime;

namespace Orleans.Coord.File.Reminders;

/// <summary>
/// The content of one reminder file, all reminders of one grain: the magic <c>OCR1</c>, the grain id, the count, then
/// per reminder its name, start time (UTC ticks), period (ticks) and ETag (strings length-prefixed, as
/// <see cref="BinaryWriter"/> writes them).
/// </summary>
internal static class ReminderFile
{
    private static ReadOnlySpan<byte> Magic => "OCR1"u8;

    public static byte[] ToBytes(GrainId grainId, IEnumerable<ReminderEntry> reminders)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            var list = reminders.ToList();
            writer.Write(Magic);
            writer.Write(grainId.ToString());
            writer.Write(list.Count);
            foreach (var reminder in list)
            {
                writer.Write(reminder.ReminderName);
                writer.Write(reminder.StartAt.ToUniversalTime().Ticks);
                writer.Write(reminder.Period.Ticks);
                writer.Write(reminder.ETag ?? "");
            }
        }

        return buffer.ToArray();
    }

    /// <exception cref="InvalidDataException">The file is not a reminder file.</exception>
    public static (GrainId GrainId, List<ReminderEntry> Reminders) Read(string path)
    {
        try
        {
            using var reader = new BinaryReader(System.IO.File.OpenRead(path), Encoding.UTF8);
            if (!reader.ReadBytes(4).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"{path} is not a reminder file of the file backend (no OCR1 header).");
            }

            var grainId = GrainId.Parse(reader.ReadString());
            var count = reader.ReadInt32();
            var reminders = new List<ReminderEntry>(count);
            for (var i = 0; i < count; i++)
            {
                reminders.Add(new ReminderEntry
                {
                    GrainId = grainId,
                    ReminderName = reader.ReadString(),
                    StartAt = new DateTime(reader.ReadInt64(), DateTimeKind.Utc),
                    Period = TimeSpan.FromTicks(reader.ReadInt64()),
                    ETag = reader.ReadString(),
                });
            }

            return (grainId, reminders);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{path} is a truncated reminder file.", ex);
        }
    }
}
