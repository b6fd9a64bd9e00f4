using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Cli;

/// <summary>
/// One real silo process shared by a class of CLI tests, and a cluster client in the test process connected to its
/// gateway, through which the tests build the state the <c>coord</c> tool then reads.
/// </summary>
public abstract class CliSilo : IAsyncLifetime
{
    private IHost? _client;

    public SiloProcess Silo { get; private set; } = null!;

    /// <summary>The cluster id the silo runs with; null for the localhost backend's own.</summary>
    public string? ClusterId { get; protected set; }

    public IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    /// <summary>The options that point <c>coord</c> at this silo.</summary>
    public IReadOnlyList<string> ConnectArgs =>
        ClusterId is null ? ["--gateway", $"127.0.0.1:{Silo.GatewayPort}"] : ["--gateway", $"127.0.0.1:{Silo.GatewayPort}", "--cluster-id", ClusterId];

    public async Task InitializeAsync()
    {
        Silo = await StartSiloAsync();
        await Poll.UntilAsync(
            async _ =>
            {
                Assert.False(Silo.HasExited, $"the silo exited:\n{Silo.Log}");
                _client = await ConnectAsync();
                return true;
            },
            TimeSpan.FromSeconds(90),
            () => $"a client connects to the silo's gateway:\n{Silo.Log}",
            retryOnError: true);
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            try
            {
                await _client.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
                // The silo goes next anyway.
            }

            _client.Dispose();
        }

        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }

        await DisposeServerAsync();
    }

    /// <summary>Starts a session of the test process (the state the tool reads).</summary>
    public Task<ICoordinator> StartSessionAsync(string memberId) =>
        Coordinator.StartAsync(Client, memberId, new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(10) });

    protected abstract Task<SiloProcess> StartSiloAsync();

    protected virtual Task DisposeServerAsync() => Task.CompletedTask;

    private async Task<IHost> ConnectAsync()
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.ClearProviders())
            .UseOrleansClient(c =>
            {
                c.UseStaticClustering(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Silo.GatewayPort)).AddCoordStreams();
                if (ClusterId is { } id)
                {
                    c.Configure<ClusterOptions>(o =>
                    {
                        o.ClusterId = id;
                        o.ServiceId = id;
                    });
                }
            })
            .Build();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StartAsync(timeout.Token);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
