using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Coord.ZooKeeper.Internal;
using Orleans.Coord.ZooKeeper.Options;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Orleans.Coord.ZooKeeper.Clustering;

/// <summary>
/// Gives Orleans clients the gateways of a cluster whose membership table is kept by
/// <see cref="ZooKeeperMembershipTable"/>: every <see cref="SiloStatus.Active"/> silo with a non-zero proxy (gateway)
/// port. The table is re-read on each call (Orleans calls it every <see cref="GatewayOptions.GatewayListRefreshPeriod"/>);
/// one long-lived ZooKeeper session serves all calls and is closed by <see cref="DisposeAsync"/>.
/// </summary>
public sealed class ZooKeeperGatewayListProvider : IGatewayListProvider, IAsyncDisposable
{
    private readonly SharedZooKeeperClient _client;
    private readonly MembershipZnodes _znodes;

    /// <summary>Creates the provider; nothing is contacted until <see cref="InitializeGatewayListProvider"/>.</summary>
    /// <param name="options">The ZooKeeper settings.</param>
    /// <param name="gatewayOptions">Gives <see cref="MaxStaleness"/>.</param>
    /// <param name="clusterOptions">The cluster id names the table node.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="ArgumentException">The options are invalid, or the cluster id cannot be a node name.</exception>
    public ZooKeeperGatewayListProvider(
        IOptions<ZooKeeperClusteringOptions> options,
        IOptions<GatewayOptions> gatewayOptions,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<ZooKeeperGatewayListProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gatewayOptions);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(logger);
        options.Value.Validate();
        MaxStaleness = gatewayOptions.Value.GatewayListRefreshPeriod;
        _znodes = new MembershipZnodes(clusterOptions.Value.ClusterId, logger);
        _client = new SharedZooKeeperClient(options.Value.ToClientOptions(), logger);
    }

    /// <summary>How often Orleans refreshes the list: <see cref="GatewayOptions.GatewayListRefreshPeriod"/>.</summary>
    public TimeSpan MaxStaleness { get; }

    /// <summary>Always true: the list follows the membership table.</summary>
    public bool IsUpdatable => true;

    /// <summary>Opens the ZooKeeper session.</summary>
    /// <exception cref="ConnectionLossException">No session within the connect timeout.</exception>
    public async Task InitializeGatewayListProvider() => await _client.GetAsync().ConfigureAwait(false);

    /// <summary>
    /// Returns the gateway URIs (<c>gwy.tcp://ip:proxyPort/generation</c>) of the active silos with a gateway port; an
    /// empty list when the cluster's table does not exist yet.
    /// </summary>
    public async Task<IList<Uri>> GetGateways()
    {
        MembershipTableData table;
        try
        {
            table = await _client.RunAsync(client => _znodes.ReadAllAsync(client, CancellationToken.None)).ConfigureAwait(false);
        }
        catch (NoNodeException)
        {
            return [];
        }

        return table.Members
            .Select(m => m.Item1)
            .Where(m => m.Status == SiloStatus.Active && m.ProxyPort != 0)
            .Select(m => SiloAddress.New(m.SiloAddress.Endpoint.Address, m.ProxyPort, m.SiloAddress.Generation).ToGatewayUri())
            .ToList();
    }

    /// <summary>Closes the ZooKeeper session. Idempotent.</summary>
    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
