using System.Net;
using Orleans.Messaging;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Hosting;

/// <summary>
/// Gateway discovery for a test client: the gateways it returns can be switched, as a membership table would change
/// when a silo dies and another serves. The client asks again every <see cref="MaxStaleness"/>.
/// </summary>
public sealed class SwitchableGateways(IPEndPoint first) : IGatewayListProvider
{
    private volatile IPEndPoint _current = first;

    public TimeSpan MaxStaleness => TimeSpan.FromMilliseconds(500);

    public bool IsUpdatable => true;

    public void SwitchTo(IPEndPoint gateway) => _current = gateway;

    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    public Task<IList<Uri>> GetGateways() => Task.FromResult<IList<Uri>>([_current.ToGatewayUri()]);
}
