using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Clustering;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Coord.ZooKeeper.Internal;
using Orleans.Coord.ZooKeeper.Options;
using Orleans.Runtime;

namespace Orleans.Coord.ZooKeeper.Clustering;

/// <summary>
/// Orleans' membership table kept in ZooKeeper, with the layout of Orleans' own ZooKeeper provider:
/// the node <c>/&lt;ClusterId&gt;</c> (under the connect string's chroot) whose data version is the table version; one
/// child per silo, <c>ip:port@generation</c>, holding the row as JSON, whose data version is the row ETag; and under it an
/// <c>IAmAlive</c> node with the IAmAlive time, so that <see cref="UpdateIAmAlive"/> leaves the row ETag unchanged.
/// <para>
/// Data format: the silo node holds UTF-8 JSON with every <see cref="MembershipEntry"/> field except the IAmAlive time
/// (<c>SiloAddress</c> and suspecting silos in Orleans' parsable form <c>ip:port@generation</c>, <c>Status</c> by name,
/// times as ISO 8601 UTC); the IAmAlive node holds the time alone as ISO 8601 UTC text. Nodes under the table node
/// that do not parse are logged and skipped.
/// </para>
/// <para>
/// Inserts and updates are single multi transactions: a conditional setData of the table node with the expected table
/// version plus the create (or conditional setData) of the row, so they apply atomically or not at all. A semantic
/// conflict (row exists, row missing, stale ETag or table version) returns false; connection and session failures
/// propagate as <see cref="ZooKeeperException"/>s (the outcome of a write in flight when the connection broke is unknown;
/// Orleans re-reads and retries). No ephemeral nodes or watches are used.
/// </para>
/// <para>
/// One long-lived ZooKeeper session serves all calls; it is opened by <see cref="InitializeMembershipTable"/>, replaced
/// if the server expires it, and closed by <see cref="DisposeAsync"/>.
/// </para>
/// </summary>
public sealed partial class ZooKeeperMembershipTable : IMembershipTable, IAsyncDisposable
{
    private readonly SharedZooKeeperClient _client;
    private readonly MembershipZnodes _znodes;
    private readonly ILogger _logger;

    /// <summary>Creates the table; nothing is contacted until <see cref="InitializeMembershipTable"/>.</summary>
    /// <param name="options">The ZooKeeper settings.</param>
    /// <param name="clusterOptions">The cluster id names the table node.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="ArgumentException">The options are invalid, or the cluster id cannot be a node name.</exception>
    public ZooKeeperMembershipTable(
        IOptions<ZooKeeperClusteringOptions> options,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<ZooKeeperMembershipTable> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(logger);
        options.Value.Validate();
        _logger = logger;
        _znodes = new MembershipZnodes(clusterOptions.Value.ClusterId, logger);
        _client = new SharedZooKeeperClient(options.Value.ToClientOptions(), logger);
    }

    /// <summary>
    /// Opens the session, creates the chroot and the table node <c>/&lt;ClusterId&gt;</c> when missing (a concurrent
    /// creator is tolerated; the table version then starts at 0) and syncs, so the following reads see the node.
    /// </summary>
    /// <param name="tryInitTableVersion">Ignored: the table node is always created when missing, which is idempotent.</param>
    /// <exception cref="ConnectionLossException">No session within the connect timeout.</exception>
    public async Task InitializeMembershipTable(bool tryInitTableVersion)
    {
        await _client.EnsureChrootExistsAsync(CancellationToken.None).ConfigureAwait(false);
        await _client.RunAsync(async client =>
        {
            try
            {
                await client.CreateAsync(_znodes.ClusterPath, ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);
                LogCreatedTable(_znodes.ClusterPath);
            }
            catch (NodeExistsException)
            {
                LogTableExists(_znodes.ClusterPath);
            }

            await client.SyncAsync(_znodes.ClusterPath).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Deletes the table node of <paramref name="clusterId"/> and all its rows; nothing happens when it is missing.</summary>
    /// <param name="clusterId">The cluster whose table is deleted (it need not be this table's cluster).</param>
    /// <exception cref="ArgumentException">The cluster id cannot be a node name.</exception>
    public async Task DeleteMembershipTableEntries(string clusterId)
    {
        var path = MembershipZnodes.ClusterPathFor(clusterId, nameof(clusterId));
        await _client.RunAsync(async client =>
        {
            await ZooKeeperTree.DeleteRecursiveAsync(client, path, CancellationToken.None).ConfigureAwait(false);
            await client.SyncAsync(ZooKeeperPath.Root).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes every row whose status is not <see cref="SiloStatus.Active"/> and whose IAmAlive and start times are both
    /// before <paramref name="beforeDate"/>. Each delete is conditional on the row version read, so a row changed
    /// meanwhile is kept. The table version is not changed.
    /// </summary>
    /// <param name="beforeDate">Rows last alive before this time are defunct.</param>
    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) =>
        _client.RunAsync(client => CleanupDefunctSiloEntriesAsync(client, beforeDate));

    private async Task CleanupDefunctSiloEntriesAsync(ZooKeeperClient client, DateTimeOffset beforeDate)
    {
        var table = await _znodes.ReadAllAsync(client, CancellationToken.None).ConfigureAwait(false);
        foreach (var (entry, etag) in table.Members)
        {
            var lastSeen = Math.Max(entry.IAmAliveTime.Ticks, entry.StartTime.Ticks);
            if (entry.Status == SiloStatus.Active || lastSeen >= beforeDate.UtcTicks)
            {
                continue;
            }

            try
            {
                await client.MultiAsync(
                [
                    ZooKeeperOperation.Delete(_znodes.IAmAlivePath(entry.SiloAddress)),
                    ZooKeeperOperation.Delete(_znodes.RowPath(entry.SiloAddress), ParseVersion(etag, nameof(etag))),
                ]).ConfigureAwait(false);
                LogDeletedDefunct(entry.SiloAddress, entry.Status);
            }
            catch (ZooKeeperException ex) when (IsSemanticConflict(ex))
            {
                LogDefunctChanged(entry.SiloAddress, ex.ErrorCode);
            }
        }
    }

    /// <summary>Reads one silo's row (an empty list when it has none) together with the table version.</summary>
    /// <param name="key">The silo.</param>
    /// <exception cref="NoNodeException">The table was not initialized (or was deleted).</exception>
    public async Task<MembershipTableData> ReadRow(SiloAddress key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return await _client.RunAsync(client => _znodes.ReadRowAsync(client, key, CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads every row together with the table version. The read is repeated (up to three times) while the table
    /// version changes during it, so rows and version normally form one snapshot.
    /// </summary>
    /// <exception cref="NoNodeException">The table was not initialized (or was deleted).</exception>
    public Task<MembershipTableData> ReadAll() =>
        _client.RunAsync(client => _znodes.ReadAllAsync(client, CancellationToken.None));

    /// <summary>
    /// Atomically inserts the row and bumps the table version, provided the table version is still
    /// <see cref="TableVersion.VersionEtag"/> of <paramref name="tableVersion"/>.
    /// </summary>
    /// <param name="entry">The new row.</param>
    /// <param name="tableVersion">The new table version; its ETag is the version the table must have now.</param>
    /// <returns>True when inserted; false when the row exists or the table version is stale.</returns>
    /// <exception cref="ArgumentException">The table ETag is not a version number issued by this table.</exception>
    public async Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        var expectedTableVersion = ParseVersion(tableVersion.VersionEtag, nameof(tableVersion));
        var operations = new[]
        {
            ZooKeeperOperation.SetData(_znodes.ClusterPath, ReadOnlyMemory<byte>.Empty, expectedTableVersion),
            ZooKeeperOperation.Create(_znodes.RowPath(entry.SiloAddress), MembershipRowSerializer.SerializeEntry(entry)),
            ZooKeeperOperation.Create(_znodes.IAmAlivePath(entry.SiloAddress), MembershipRowSerializer.SerializeIAmAlive(entry.IAmAliveTime)),
        };
        return await TryTransactionAsync(operations, "insert", entry.SiloAddress).ConfigureAwait(false);
    }

    /// <summary>
    /// Atomically replaces the row and bumps the table version, provided the row version is still
    /// <paramref name="etag"/> and the table version is still <see cref="TableVersion.VersionEtag"/> of
    /// <paramref name="tableVersion"/>. The IAmAlive time is written too.
    /// </summary>
    /// <param name="entry">The new content of the row.</param>
    /// <param name="etag">The row ETag read earlier.</param>
    /// <param name="tableVersion">The new table version; its ETag is the version the table must have now.</param>
    /// <returns>True when updated; false when the row is missing or an ETag is stale.</returns>
    /// <exception cref="ArgumentException">An ETag is not a version number issued by this table.</exception>
    public async Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        var expectedTableVersion = ParseVersion(tableVersion.VersionEtag, nameof(tableVersion));
        var expectedRowVersion = ParseVersion(etag, nameof(etag));
        var operations = new[]
        {
            ZooKeeperOperation.SetData(_znodes.ClusterPath, ReadOnlyMemory<byte>.Empty, expectedTableVersion),
            ZooKeeperOperation.SetData(_znodes.RowPath(entry.SiloAddress), MembershipRowSerializer.SerializeEntry(entry), expectedRowVersion),
            ZooKeeperOperation.SetData(_znodes.IAmAlivePath(entry.SiloAddress), MembershipRowSerializer.SerializeIAmAlive(entry.IAmAliveTime)),
        };
        return await TryTransactionAsync(operations, "update", entry.SiloAddress).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the IAmAlive time of <paramref name="entry"/>'s silo unconditionally; neither the row ETag nor the table
    /// version changes.
    /// </summary>
    /// <param name="entry">Carries the silo address and the IAmAlive time; other fields are ignored.</param>
    /// <exception cref="NoNodeException">The silo has no row.</exception>
    public async Task UpdateIAmAlive(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var path = _znodes.IAmAlivePath(entry.SiloAddress);
        var data = MembershipRowSerializer.SerializeIAmAlive(entry.IAmAliveTime);
        await _client.RunAsync(client => client.SetDataAsync(path, data)).ConfigureAwait(false);
    }

    /// <summary>Closes the ZooKeeper session. Idempotent.</summary>
    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private static bool IsSemanticConflict(ZooKeeperException ex) =>
        ex.ErrorCode is ZooKeeperErrorCode.NodeExists or ZooKeeperErrorCode.NoNode or ZooKeeperErrorCode.BadVersion;

    private static int ParseVersion(string? etag, string paramName)
    {
        if (!int.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new ArgumentException($"The ETag '{etag}' is not a ZooKeeper node version (a number from 0 to {int.MaxValue}).", paramName);
        }

        return version;
    }

    private async Task<bool> TryTransactionAsync(ZooKeeperOperation[] operations, string what, SiloAddress silo)
    {
        try
        {
            await _client.RunAsync(client => client.MultiAsync(operations)).ConfigureAwait(false);
            return true;
        }
        catch (ZooKeeperException ex) when (IsSemanticConflict(ex))
        {
            LogConflict(what, silo, ex.ErrorCode, ex.Path);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created membership table node {Path}.")]
    private partial void LogCreatedTable(string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership table node {Path} already exists.")]
    private partial void LogTableExists(string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership {Operation} of {Silo} refused: {Error} at {Path}.")]
    private partial void LogConflict(string operation, SiloAddress silo, ZooKeeperErrorCode error, string? path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted defunct membership row of {Silo} ({Status}).")]
    private partial void LogDeletedDefunct(SiloAddress silo, SiloStatus status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kept membership row of {Silo}: it changed during cleanup ({Error}).")]
    private partial void LogDefunctChanged(SiloAddress silo, ZooKeeperErrorCode error);
}
