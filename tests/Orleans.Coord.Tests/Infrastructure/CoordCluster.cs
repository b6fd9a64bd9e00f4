using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Coord.Client;
using Orleans.Coord.Testing;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.Infrastructure;

/// <summary>
/// A 3-silo in-process TestingHost cluster with Orleans.Coord, plus extra cluster clients pinned to one silo's gateway
/// each (so that "a client on another silo" is literally true).
/// </summary>
public sealed class CoordCluster : IAsyncDisposable
{
    private readonly List<IHost> _clients = [];

    private CoordCluster(TestCluster cluster) => Cluster = cluster;

    public TestCluster Cluster { get; }

    /// <summary>
    /// Starts the cluster. Without <paramref name="configure"/> it uses the TestingHost helpers of Orleans.Coord.Testing
    /// (in-process storage that survives silo loss); a backend fixture passes its own configuration instead.
    /// </summary>
    public static async Task<CoordCluster> StartAsync(int silos = 3, Action<TestClusterBuilder>? configure = null)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ConfigureFileLogging = false;
        if (configure is null)
        {
            builder.AddCoordination();
        }
        else
        {
            configure(builder);
        }

        // Real sockets, so that extra clients (and the tests' "dead client" hosts) connect like external processes.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new CoordCluster(cluster);
    }

    /// <summary>Starts a cluster client whose only gateway is silo <paramref name="siloIndex"/>.</summary>
    public async Task<IClusterClient> ClientOnSiloAsync(int siloIndex)
    {
        var host = await StartClientHostAsync(Cluster.Silos[siloIndex].GatewayAddress.Endpoint);
        return host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>Starts a client host the test may dispose abruptly, as if its process died.</summary>
    public async Task<IHost> StartClientHostAsync(IPEndPoint gateway)
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.ClearProviders())
            .UseOrleansClient(c => c
                .UseStaticClustering(gateway)
                .Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = Cluster.Options.ClusterId;
                    o.ServiceId = Cluster.Options.ServiceId;
                })
                .AddCoordStreams())
            .Build();
        await host.StartAsync();
        lock (_clients)
        {
            _clients.Add(host);
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _clients)
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(2));
                host.Dispose();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        await Cluster.DisposeAsync();
        SharedMemoryStore.Clear(Cluster.Options.ClusterId);
    }
}
