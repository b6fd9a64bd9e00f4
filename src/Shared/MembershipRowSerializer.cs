using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Runtime;

namespace Orleans.Coord.Clustering;

/// <summary>
/// The data format of membership rows kept in a key-value backend (compiled into each backend package that needs it,
/// from src/Shared): a silo's row holds a UTF-8 JSON document with every
/// <see cref="MembershipEntry"/> field except <see cref="MembershipEntry.IAmAliveTime"/> (silo addresses in Orleans'
/// parsable form <c>ip:port@generation</c>, the status by name, times as ISO 8601 UTC); the IAmAlive time is kept apart
/// (so that writing it leaves the row's version alone), as ISO 8601 UTC text. JSON keeps the rows readable with the
/// backend's own tools (zkCli, etcdctl).
/// </summary>
internal static class MembershipRowSerializer
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] SerializeEntry(MembershipEntry entry)
    {
        var row = new MembershipRow
        {
            SiloAddress = entry.SiloAddress.ToParsableString(),
            Status = entry.Status,
            SuspectTimes = entry.SuspectTimes?.Select(s => new SuspectTime { SiloAddress = s.Item1.ToParsableString(), Time = ToUtc(s.Item2) }).ToList(),
            ProxyPort = entry.ProxyPort,
            HostName = entry.HostName,
            SiloName = entry.SiloName,
            RoleName = entry.RoleName,
            UpdateZone = entry.UpdateZone,
            FaultZone = entry.FaultZone,
            StartTime = ToUtc(entry.StartTime),
        };
        return JsonSerializer.SerializeToUtf8Bytes(row, JsonOptions);
    }

    /// <exception cref="FormatException">The data is not a membership row.</exception>
    public static MembershipEntry DeserializeEntry(byte[] data, DateTime iAmAliveTime)
    {
        MembershipRow? row;
        try
        {
            row = JsonSerializer.Deserialize<MembershipRow>(data, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new FormatException("The node does not hold a JSON membership row.", ex);
        }

        if (row?.SiloAddress is null)
        {
            throw new FormatException("The membership row has no SiloAddress.");
        }

        return new MembershipEntry
        {
            SiloAddress = SiloAddress.FromParsableString(row.SiloAddress),
            Status = row.Status,
            SuspectTimes = row.SuspectTimes?.Select(s => Tuple.Create(SiloAddress.FromParsableString(s.SiloAddress!), s.Time)).ToList(),
            ProxyPort = row.ProxyPort,
            HostName = row.HostName ?? string.Empty,
            SiloName = row.SiloName ?? string.Empty,
            RoleName = row.RoleName,
            UpdateZone = row.UpdateZone,
            FaultZone = row.FaultZone,
            StartTime = row.StartTime,
            IAmAliveTime = iAmAliveTime,
        };
    }

    public static byte[] SerializeIAmAlive(DateTime time) =>
        Encoding.UTF8.GetBytes(ToUtc(time).ToString("O", CultureInfo.InvariantCulture));

    /// <exception cref="FormatException">The data is not an ISO 8601 time.</exception>
    public static DateTime DeserializeIAmAlive(byte[] data) =>
        DateTime.Parse(Encoding.UTF8.GetString(data), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };

    private sealed class MembershipRow
    {
        public string? SiloAddress { get; set; }

        public SiloStatus Status { get; set; }

        public List<SuspectTime>? SuspectTimes { get; set; }

        public int ProxyPort { get; set; }

        public string? HostName { get; set; }

        public string? SiloName { get; set; }

        public string? RoleName { get; set; }

        public int UpdateZone { get; set; }

        public int FaultZone { get; set; }

        public DateTime StartTime { get; set; }
    }

    private sealed class SuspectTime
    {
        public string? SiloAddress { get; set; }

        public DateTime Time { get; set; }
    }
}
