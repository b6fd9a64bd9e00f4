using System.Globalization;
using Etcdserverpb;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Clustering;
using Orleans.Coord.Etcd.Internal;
using Orleans.Runtime;

namespace Orleans.Coord.Etcd.Clustering;

/// <summary>
/// The layout of one cluster's membership table in etcd, under <c>&lt;prefix&gt;/&lt;ServiceId&gt;/membership/&lt;ClusterId&gt;/</c>,
/// and the read of it:
/// <list type="bullet">
/// <item><c>version</c>: the table version as decimal text; the key's mod revision is the table ETag. A missing key is
/// version 0 with ETag "0" (etcd compares a missing key's mod revision as 0), so a table needs no initialization to be
/// written to.</item>
/// <item><c>row/&lt;ip:port@generation&gt;</c>: a silo's row (see <see cref="MembershipRowSerializer"/>); its mod
/// revision is the row ETag.</item>
/// <item><c>alive/&lt;ip:port@generation&gt;</c>: the silo's IAmAlive time, written apart so that it leaves the row
/// ETag alone.</item>
/// </list>
/// The whole table is one range read, which etcd serves at one revision: rows and version always form a snapshot.
/// </summary>
internal sealed class MembershipKeys
{
    private const string RowPart = "row/";
    private const string AlivePart = "alive/";
    private readonly ILogger _logger;

    public MembershipKeys(string servicePrefix, string clusterId, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        Table = TableOf(servicePrefix, clusterId);
        Version = Table + "version";
        _logger = logger;
    }

    /// <summary>The table's prefix, ending in '/'.</summary>
    public string Table { get; }

    /// <summary>The table version key.</summary>
    public string Version { get; }

    public static string TableOf(string servicePrefix, string clusterId) => $"{servicePrefix}/membership/{EtcdKeys.Escape(clusterId)}/";

    public string Row(SiloAddress silo) => Table + RowPart + EtcdKeys.Escape(silo.ToParsableString());

    public string Alive(SiloAddress silo) => Table + AlivePart + EtcdKeys.Escape(silo.ToParsableString());

    public static string ETagOf(long modRevision) => modRevision.ToString(CultureInfo.InvariantCulture);

    /// <summary>The rows and the table version of one range read of <see cref="Table"/>; rows that do not parse are logged and skipped.</summary>
    public MembershipTableData Parse(RangeResponse range)
    {
        var version = new TableVersion(0, "0");
        var rows = new Dictionary<string, (byte[] Data, long ModRevision)>(StringComparer.Ordinal);
        var alive = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var kv in range.Kvs)
        {
            var key = kv.Key.ToStringUtf8();
            if (key == Version)
            {
                version = new TableVersion(int.Parse(kv.Value.ToStringUtf8(), NumberStyles.None, CultureInfo.InvariantCulture), ETagOf(kv.ModRevision));
            }
            else if (key.StartsWith(Table + RowPart, StringComparison.Ordinal))
            {
                rows[key[(Table.Length + RowPart.Length)..]] = (kv.Value.ToByteArray(), kv.ModRevision);
            }
            else if (key.StartsWith(Table + AlivePart, StringComparison.Ordinal))
            {
                try
                {
                    alive[key[(Table.Length + AlivePart.Length)..]] = MembershipRowSerializer.DeserializeIAmAlive(kv.Value.ToByteArray());
                }
                catch (FormatException ex)
                {
                    _logger.LogWarning(ex, "Ignoring etcd key {Key}: it is not an IAmAlive time.", key);
                }
            }
        }

        var members = new List<Tuple<MembershipEntry, string>>(rows.Count);
        foreach (var (silo, (data, modRevision)) in rows)
        {
            try
            {
                var entry = MembershipRowSerializer.DeserializeEntry(data, alive.GetValueOrDefault(silo));
                members.Add(Tuple.Create(entry, ETagOf(modRevision)));
            }
            catch (FormatException ex)
            {
                _logger.LogWarning(ex, "Ignoring etcd key {Key}: it is not a membership row.", Table + RowPart + silo);
            }
        }

        return new MembershipTableData(members, version);
    }
}
