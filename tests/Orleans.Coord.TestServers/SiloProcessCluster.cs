using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Coord.Hosting;
using Orleans.Runtime;

namespace Orleans.Coord.TestServers;

/// <summary>Three real silo processes on one backend, and an external cluster client that finds them through it.</summary>
public sealed class SiloProcessCluster : IAsyncDisposable
{
    private readonly List<SiloProcess> _silos = [];
    private IHost? _client;

    private SiloProcessCluster(string url, string clusterId)
    {
        Url = url;
        ClusterId = clusterId;
    }

    public string Url { get; }

    public string ClusterId { get; }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    /// <summary>Starts <paramref name="silos"/> silo processes; with <paramref name="grpc"/>, each serves the gRPC API on a free port.</summary>
    public static async Task<SiloProcessCluster> StartAsync(string url, int silos = 3, bool grpc = false)
    {
        var cluster = new SiloProcessCluster(url, $"crash-{Guid.NewGuid():N}"[..20]);
        try
        {
            for (var i = 0; i < silos; i++)
            {
                cluster._silos.Add(SiloProcess.Start(url, cluster.ClusterId, FreePort.Next(), FreePort.Next(), grpc ? FreePort.Next() : null));
            }

            await cluster.ConnectClientAsync();
            var management = cluster.Client.GetGrain<IManagementGrain>(0);
            await Poll.UntilAsync(async _ =>
            {
                cluster.ThrowIfAnySiloExited();
                return (await management.GetHosts(onlyActive: true)).Count == silos;
            }, TimeSpan.FromSeconds(90), $"{silos} silo processes are active", retryOnError: true);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The silo process whose silo port is the address's port.</summary>
    public SiloProcess ProcessOf(SiloAddress address) => _silos.Single(s => s.SiloPort == address.Endpoint.Port);

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.StopAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception)
            {
                // The cluster is being torn down anyway.
            }

            _client.Dispose();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    /// <summary>
    /// Starts another external cluster client host that finds the silos through the backend, for a test that tears it
    /// down (disposes it without stopping its sessions) as if its process died.
    /// </summary>
    public async Task<IHost> StartClientHostAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var host = Host.CreateDefaultBuilder()
                .ConfigureLogging(l => l.ClearProviders())
                .UseOrleansClient(c => c
                    .UseCoordBackend(BackendUrl.Parse(Url))
                    .Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = ClusterId;
                        o.ServiceId = ClusterId;
                    }))
                .Build();
            try
            {
                await host.StartAsync();
                return host;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // No silo has registered a gateway yet.
                host.Dispose();
                ThrowIfAnySiloExited();
                await Task.Delay(250);
            }
        }
    }

    private async Task ConnectClientAsync() => _client = await StartClientHostAsync();

    private void ThrowIfAnySiloExited()
    {
        var dead = _silos.FirstOrDefault(s => s.HasExited);
        if (dead is not null)
        {
            throw new InvalidOperationException($"Silo process on port {dead.SiloPort} exited during start:\n{dead.Log}");
        }
    }
}
