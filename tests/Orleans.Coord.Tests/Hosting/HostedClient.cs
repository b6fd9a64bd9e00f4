using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Coord.Client;
using Orleans.Coord.Tests.Conformance;

namespace Orleans.Coord.Tests.Hosting;

/// <summary>
/// A client host as an application builds it (<c>Host.CreateApplicationBuilder</c>, <c>UseOrleansClient</c>,
/// <c>AddCoordinator</c>), connected to one silo's gateway. <see cref="EndSessionInClusterAsync"/> loses its session
/// for real: another client ends it in the cluster, as an operator would, and the host's next heartbeat learns it.
/// </summary>
public sealed class HostedClient : IAsyncDisposable
{
    private readonly IClusterClient _operator;

    private HostedClient(IHost host, IClusterClient @operator)
    {
        Host = host;
        _operator = @operator;
    }

    public IHost Host { get; }

    public IHostedCoordinator Coordinator => Host.Services.GetRequiredService<IHostedCoordinator>();

    /// <summary>Builds and starts the host; <paramref name="coordination"/> registers the coordinator and its declarations.</summary>
    public static async Task<HostedClient> StartAsync(ClusterFixture cluster, int silo, Action<IHostApplicationBuilder> coordination, string[]? args = null)
    {
        var gateway = cluster.Coord.Cluster.Silos[silo % cluster.Coord.Cluster.Silos.Count].GatewayAddress.Endpoint;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args ?? [] });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(c => c
            .UseStaticClustering(gateway)
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.Coord.Cluster.Options.ClusterId;
                o.ServiceId = cluster.Coord.Cluster.Options.ServiceId;
            })
            .AddCoordStreams());
        coordination(builder);
        var host = builder.Build();
        await host.StartAsync();
        return new HostedClient(host, cluster.ClientOnSilo(silo + 1));
    }

    /// <summary>Ends the host's current session in the cluster through another silo's client; returns the session ended.</summary>
    public async Task<Guid> EndSessionInClusterAsync()
    {
        var session = Coordinator.SessionId;
        Assert.NotEqual(Guid.Empty, session);
        await _operator.GetGrain<Orleans.Coord.Grains.ISessionGrain>(session).EndAsync();
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
        }

        Host.Dispose();
    }
}
