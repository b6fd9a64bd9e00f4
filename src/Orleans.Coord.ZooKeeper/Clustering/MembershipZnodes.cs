using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Clustering;
using Orleans.Runtime;

namespace Orleans.Coord.ZooKeeper.Clustering;

/// <summary>
/// The layout of one cluster's membership table in ZooKeeper, and the reads of it:
/// <list type="bullet">
/// <item><c>/&lt;ClusterId&gt;</c>: the table node; its data version is the table version and its ETag.</item>
/// <item><c>/&lt;ClusterId&gt;/&lt;ip:port@generation&gt;</c>: one node per silo holding the row (see
/// <see cref="MembershipRowSerializer"/>); its data version is the row ETag.</item>
/// <item><c>/&lt;ClusterId&gt;/&lt;silo&gt;/IAmAlive</c>: the IAmAlive time, written unconditionally so that it leaves
/// the row version alone.</item>
/// </list>
/// </summary>
internal sealed class MembershipZnodes
{
    /// <summary>The name of the child that holds a silo's IAmAlive time.</summary>
    public const string IAmAliveNodeName = "IAmAlive";

    // Reads are retried while the table version moves during the read, so that rows and version form a snapshot.
    private const int MaxReadAttempts = 3;

    private readonly ILogger _logger;

    public MembershipZnodes(string clusterId, ILogger logger)
    {
        ClusterPath = ClusterPathFor(clusterId, nameof(clusterId));
        _logger = logger;
    }

    /// <summary>The table node, <c>/&lt;ClusterId&gt;</c>.</summary>
    public string ClusterPath { get; }

    /// <summary>Returns <c>/&lt;clusterId&gt;</c>.</summary>
    /// <exception cref="ArgumentException">The cluster id is empty, ".", "..", contains '/' or control characters.</exception>
    public static string ClusterPathFor(string clusterId, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId, paramName);
        var path = "/" + clusterId;
        if (clusterId.Contains('/') || !ZooKeeperPath.IsValid(path))
        {
            throw new ArgumentException(
                $"The cluster id '{clusterId}' cannot be a ZooKeeper node name: it must not be '.', '..', contain '/' or control characters.",
                paramName);
        }

        return path;
    }

    public string RowPath(SiloAddress silo) => ZooKeeperPath.Combine(ClusterPath, silo.ToParsableString());

    public string IAmAlivePath(SiloAddress silo) => ZooKeeperPath.Combine(RowPath(silo), IAmAliveNodeName);

    public static TableVersion ToTableVersion(ZooKeeperStat stat) =>
        new(stat.Version, stat.Version.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads every row and the table version.</summary>
    /// <exception cref="NoNodeException">The table node does not exist.</exception>
    public async Task<MembershipTableData> ReadAllAsync(ZooKeeperClient client, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var children = await client.GetChildrenAsync(ClusterPath, cancellationToken: cancellationToken).ConfigureAwait(false);
            var rows = await Task.WhenAll(children.Children.Select(child =>
                ReadRowNodeAsync(client, ZooKeeperPath.Combine(ClusterPath, child), cancellationToken))).ConfigureAwait(false);
            if (attempt < MaxReadAttempts && !await IsTableVersionAsync(client, children.Stat.Version, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            return new MembershipTableData(rows.OfType<Tuple<MembershipEntry, string>>().ToList(), ToTableVersion(children.Stat));
        }
    }

    /// <summary>Reads one silo's row (none when missing) and the table version.</summary>
    /// <exception cref="NoNodeException">The table node does not exist.</exception>
    public async Task<MembershipTableData> ReadRowAsync(ZooKeeperClient client, SiloAddress silo, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var table = await client.ExistsAsync(ClusterPath, cancellationToken: cancellationToken).ConfigureAwait(false)
                ?? throw new NoNodeException(ClusterPath);
            var row = await ReadRowNodeAsync(client, RowPath(silo), cancellationToken).ConfigureAwait(false);
            if (attempt < MaxReadAttempts && !await IsTableVersionAsync(client, table.Version, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var rows = row is null ? new List<Tuple<MembershipEntry, string>>() : [row];
            return new MembershipTableData(rows, ToTableVersion(table));
        }
    }

    /// <summary>Reads a silo node and its IAmAlive child; null when the row is missing or unreadable.</summary>
    private async Task<Tuple<MembershipEntry, string>?> ReadRowNodeAsync(ZooKeeperClient client, string rowPath, CancellationToken cancellationToken)
    {
        var rowTask = client.GetDataAsync(rowPath, cancellationToken: cancellationToken);
        var aliveTask = client.GetDataAsync(ZooKeeperPath.Combine(rowPath, IAmAliveNodeName), cancellationToken: cancellationToken);
        try
        {
            await Task.WhenAll(rowTask, aliveTask).ConfigureAwait(false);
        }
        catch (NoNodeException)
        {
            // Deleted between listing and reading (or a half-present row): not a member.
            return null;
        }

        var row = await rowTask.ConfigureAwait(false);
        var alive = await aliveTask.ConfigureAwait(false);
        try
        {
            var entry = MembershipRowSerializer.DeserializeEntry(row.Data, MembershipRowSerializer.DeserializeIAmAlive(alive.Data));
            return Tuple.Create(entry, row.Stat.Version.ToString(CultureInfo.InvariantCulture));
        }
        catch (FormatException ex)
        {
            _logger.LogWarning(ex, "Ignoring ZooKeeper node {Path}: it is not a membership row.", rowPath);
            return null;
        }
    }

    private async Task<bool> IsTableVersionAsync(ZooKeeperClient client, int version, CancellationToken cancellationToken)
    {
        var now = await client.ExistsAsync(ClusterPath, cancellationToken: cancellationToken).ConfigureAwait(false);
        return now is not null && now.Version == version;
    }
}
