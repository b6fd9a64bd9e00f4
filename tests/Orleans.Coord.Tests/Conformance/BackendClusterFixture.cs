using Orleans.Coord.Tests.Infrastructure;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>
/// A real backend server started by the fixture (redis-server, PostgreSQL or MariaDB on a free loopback port) and a
/// 2-silo TestingHost cluster configured with <c>UseCoordBackend(url)</c> against it.
/// </summary>
public abstract class BackendClusterFixture : IAsyncLifetime, IConformanceCluster
{
    private IAsyncDisposable? _server;
    private IClusterClient[] _clients = [];

    public CoordCluster Coord { get; private set; } = null!;

    public string Backend { get; private set; } = "";

    public IClusterClient ClientOnSilo(int index) => _clients[index % _clients.Length];

    public Task<Microsoft.Extensions.Hosting.IHost> StartDisposableClientAsync(int index) =>
        Coord.StartClientHostAsync(Coord.Cluster.Silos[index % Coord.Cluster.Silos.Count].GatewayAddress.Endpoint);

    public async Task InitializeAsync()
    {
        string url;
        (_server, url) = await StartServerAsync();
        Backend = BackendUrl.Parse(url).ToString();
        Coord = await CoordCluster.StartAsync(2, b => BackendConfigurators.Apply(b, url));
        _clients = await Task.WhenAll(Enumerable.Range(0, 2).Select(Coord.ClientOnSiloAsync));
    }

    public async Task DisposeAsync()
    {
        if (Coord is not null)
        {
            await Coord.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected abstract Task<(IAsyncDisposable Server, string Url)> StartServerAsync();
}
