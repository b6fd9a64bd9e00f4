using System.Globalization;
using Etcdserverpb;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Coord.Clustering;
using Orleans.Coord.Etcd.Internal;
using Orleans.Runtime;

namespace Orleans.Coord.Etcd.Clustering;

/// <summary>
/// Orleans' membership table kept in etcd (layout: <see cref="MembershipKeys"/>). Inserts and updates are single etcd
/// transactions that compare the table version key's mod revision with the table ETag (and, for an update, the row's
/// mod revision with the row ETag; for an insert, that the row is missing) and then write the version, the row and the
/// IAmAlive time together, so they apply atomically or not at all. A failed compare returns false; an unreachable server
/// throws <see cref="Grpc.Core.RpcException"/> (the outcome of a write in flight is then unknown; Orleans re-reads and
/// retries). No leases or watches are used.
/// </summary>
internal sealed partial class EtcdMembershipTable : IMembershipTable
{
    private readonly EtcdConnection _connection;
    private readonly MembershipKeys _keys;
    private readonly string _servicePrefix;
    private readonly ILogger _logger;

    public EtcdMembershipTable(EtcdConnection connection, IOptions<ClusterOptions> clusterOptions, ILogger<EtcdMembershipTable> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(logger);
        _connection = connection;
        _logger = logger;
        _servicePrefix = EtcdKeys.Service(connection.Options.Prefix, clusterOptions.Value.ServiceId);
        _keys = new MembershipKeys(_servicePrefix, clusterOptions.Value.ClusterId, logger);
    }

    /// <summary>Creates the table version key (version 0) when missing; a concurrent creator is tolerated.</summary>
    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        var request = new TxnRequest
        {
            Compare = { EtcdTxn.Missing(_keys.Version) },
            Success = { EtcdTxn.Put(_keys.Version, "0"u8) },
        };
        var response = await _connection.TxnAsync(request).ConfigureAwait(false);
        LogInitialized(_keys.Table, _connection.Options.Where, response.Succeeded);
    }

    /// <summary>Deletes every key of <paramref name="clusterId"/>'s table (in this service); nothing happens when there is none.</summary>
    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        await _connection.DeletePrefixAsync(MembershipKeys.TableOf(_servicePrefix, clusterId)).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes every row whose status is not <see cref="SiloStatus.Active"/> and whose IAmAlive and start times are both
    /// before <paramref name="beforeDate"/>, each only if the row is unchanged since it was read. The table version is not changed.
    /// </summary>
    public async Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        var table = await ReadAll().ConfigureAwait(false);
        foreach (var (entry, etag) in table.Members)
        {
            var lastSeen = Math.Max(entry.IAmAliveTime.Ticks, entry.StartTime.Ticks);
            if (entry.Status == SiloStatus.Active || lastSeen >= beforeDate.UtcTicks)
            {
                continue;
            }

            var request = new TxnRequest
            {
                Compare = { EtcdTxn.ModRevisionIs(_keys.Row(entry.SiloAddress), ParseETag(etag, nameof(etag))) },
                Success = { EtcdTxn.Delete(_keys.Row(entry.SiloAddress)), EtcdTxn.Delete(_keys.Alive(entry.SiloAddress)) },
            };
            var response = await _connection.TxnAsync(request).ConfigureAwait(false);
            LogCleanup(entry.SiloAddress, entry.Status, response.Succeeded);
        }
    }

    /// <summary>Reads one silo's row (none when missing) with the table version, at one revision.</summary>
    public async Task<MembershipTableData> ReadRow(SiloAddress key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var table = await ReadAll().ConfigureAwait(false);
        return new MembershipTableData(table.Members.Where(m => m.Item1.SiloAddress.Equals(key)).ToList(), table.Version);
    }

    /// <summary>Reads every row with the table version, at one revision.</summary>
    public async Task<MembershipTableData> ReadAll()
    {
        var range = await _connection.GetPrefixAsync(_keys.Table).ConfigureAwait(false);
        return _keys.Parse(range);
    }

    /// <summary>Inserts the row and sets the table version, if the row is missing and the table ETag is current.</summary>
    /// <exception cref="ArgumentException">The table ETag is not one this table issued.</exception>
    public async Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        var request = new TxnRequest
        {
            Compare =
            {
                EtcdTxn.ModRevisionIs(_keys.Version, ParseETag(tableVersion.VersionEtag, nameof(tableVersion))),
                EtcdTxn.Missing(_keys.Row(entry.SiloAddress)),
            },
            Success = { WriteOps(entry, tableVersion) },
        };
        return await TryAsync(request, "insert", entry.SiloAddress).ConfigureAwait(false);
    }

    /// <summary>Replaces the row and sets the table version, if the row exists and the row's and the table's ETags are current.</summary>
    /// <exception cref="ArgumentException">An ETag is not one this table issued.</exception>
    public async Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        var request = new TxnRequest
        {
            Compare =
            {
                EtcdTxn.ModRevisionIs(_keys.Version, ParseETag(tableVersion.VersionEtag, nameof(tableVersion))),
                EtcdTxn.ModRevisionIs(_keys.Row(entry.SiloAddress), ParseETag(etag, nameof(etag))),

                // A missing key's mod revision compares as 0: without this, the ETag "0" would create the row.
                EtcdTxn.Exists(_keys.Row(entry.SiloAddress)),
            },
            Success = { WriteOps(entry, tableVersion) },
        };
        return await TryAsync(request, "update", entry.SiloAddress).ConfigureAwait(false);
    }

    /// <summary>Writes the silo's IAmAlive time, if it has a row; neither the row ETag nor the table version changes.</summary>
    /// <exception cref="InvalidOperationException">The silo has no row.</exception>
    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var request = new TxnRequest
        {
            Compare = { EtcdTxn.Exists(_keys.Row(entry.SiloAddress)) },
            Success = { EtcdTxn.Put(_keys.Alive(entry.SiloAddress), MembershipRowSerializer.SerializeIAmAlive(entry.IAmAliveTime)) },
        };
        var response = await _connection.TxnAsync(request).ConfigureAwait(false);
        if (!response.Succeeded)
        {
            throw new InvalidOperationException($"Silo {entry.SiloAddress} has no row in the membership table {_keys.Table}.");
        }
    }

    private RequestOp[] WriteOps(MembershipEntry entry, TableVersion tableVersion) =>
    [
        EtcdTxn.Put(_keys.Version, System.Text.Encoding.UTF8.GetBytes(tableVersion.Version.ToString(CultureInfo.InvariantCulture))),
        EtcdTxn.Put(_keys.Row(entry.SiloAddress), MembershipRowSerializer.SerializeEntry(entry)),
        EtcdTxn.Put(_keys.Alive(entry.SiloAddress), MembershipRowSerializer.SerializeIAmAlive(entry.IAmAliveTime)),
    ];

    private async Task<bool> TryAsync(TxnRequest request, string operation, SiloAddress silo)
    {
        var response = await _connection.TxnAsync(request).ConfigureAwait(false);
        if (!response.Succeeded)
        {
            LogConflict(operation, silo);
        }

        return response.Succeeded;
    }

    private static long ParseETag(string? etag, string paramName)
    {
        if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            throw new ArgumentException($"The ETag '{etag}' is not an etcd revision (a number from 0 to {long.MaxValue}).", paramName);
        }

        return revision;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Membership table {Table} on {Where} (version key created: {Created}).")]
    private partial void LogInitialized(string table, string where, bool created);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership {Operation} of {Silo} refused: the row or the table version changed.")]
    private partial void LogConflict(string operation, SiloAddress silo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Defunct membership row of {Silo} ({Status}) deleted: {Deleted} (false: it changed meanwhile).")]
    private partial void LogCleanup(SiloAddress silo, SiloStatus status, bool deleted);
}
