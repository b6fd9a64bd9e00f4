using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Coord.Etcd.Internal;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Orleans.Coord.Etcd.Clustering;

/// <summary>
/// Gives Orleans clients the gateways of a cluster whose membership table <see cref="EtcdMembershipTable"/> keeps: every
/// <see cref="SiloStatus.Active"/> silo with a gateway port. The table is re-read (one range read) on each call; Orleans
/// calls every <see cref="GatewayOptions.GatewayListRefreshPeriod"/>.
/// </summary>
internal sealed class EtcdGatewayListProvider : IGatewayListProvider
{
    private readonly EtcdConnection _connection;
    private readonly MembershipKeys _keys;

    public EtcdGatewayListProvider(
        EtcdConnection connection,
        IOptions<GatewayOptions> gatewayOptions,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<EtcdGatewayListProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(gatewayOptions);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        _connection = connection;
        MaxStaleness = gatewayOptions.Value.GatewayListRefreshPeriod;
        _keys = new MembershipKeys(EtcdKeys.Service(connection.Options.Prefix, clusterOptions.Value.ServiceId), clusterOptions.Value.ClusterId, logger);
    }

    public TimeSpan MaxStaleness { get; }

    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    public async Task<IList<Uri>> GetGateways()
    {
        var table = _keys.Parse(await _connection.GetPrefixAsync(_keys.Table).ConfigureAwait(false));
        return table.Members
            .Select(m => m.Item1)
            .Where(m => m.Status == SiloStatus.Active && m.ProxyPort != 0)
            .Select(m => SiloAddress.New(m.SiloAddress.Endpoint.Address, m.ProxyPort, m.SiloAddress.Generation).ToGatewayUri())
            .ToList();
    }
}
