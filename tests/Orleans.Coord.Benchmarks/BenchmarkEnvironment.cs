using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Coord.AdoNet;
using Orleans.Coord.Grpc;
using Orleans.Coord.Hosting;
using Orleans.Coord.Server;
using Orleans.Coord.TestServers;
using Orleans.Coord.TestServers.Internal;

namespace Orleans.Coord.Benchmarks;

/// <summary>
/// What the scenarios run against: the backend server (started here for the words <c>redis</c>/<c>postgresql</c>/<c>mysql</c>/<c>zookeeper</c>/<c>etcd</c>),
/// one silo hosted in this process on that backend (callers "grain" use its grain factory), two external cluster
/// clients connected to it over TCP loopback (caller "client"), and the silo's gRPC API on a loopback port (caller "grpc").
/// </summary>
internal sealed class BenchmarkEnvironment : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<IHost> _hosts = [];

    public required BackendUrl Url { get; init; }

    public required string ClusterId { get; init; }

    /// <summary>The backend URL with its password: for connecting, never for output.</summary>
    public required string RawUrl { get; init; }

    public string Backend => Url.ToString();

    public IHost Silo { get; private set; } = null!;

    /// <summary>The port of the in-process silo's gRPC API (HTTP/2 without TLS on loopback).</summary>
    public int GrpcPort { get; private set; }

    /// <summary>The in-process silo's gateway port (candidate processes connect to it on the localhost backend).</summary>
    public int GatewayPort { get; private set; }

    public IClusterClient Client { get; private set; } = null!;

    public IClusterClient SecondClient { get; private set; } = null!;

    /// <summary>A StackExchange.Redis configuration string for the peer, when the backend is Redis.</summary>
    public string? RedisConfiguration { get; private set; }

    /// <summary>An Npgsql connection string for the peer, when the backend is PostgreSQL.</summary>
    public string? PostgresConnectionString { get; private set; }

    /// <summary>A MySqlConnector connection string for the raw write floor, when the backend is MySQL/MariaDB.</summary>
    public string? MySqlConnectionString { get; private set; }

    public static async Task<BenchmarkEnvironment> StartAsync(string backend)
    {
        IAsyncDisposable? server = null;
        string url;
        switch (backend)
        {
            case "redis":
                var redis = await RedisServer.StartAsync(CancellationToken.None);
                (server, url) = (redis, redis.Url);
                break;
            case "postgresql":
                var postgres = await PostgresServer.StartAsync(CancellationToken.None);
                (server, url) = (postgres, postgres.Url);
                break;
            case "mysql":
                var mariaDb = await MariaDbServer.StartAsync(CancellationToken.None);
                (server, url) = (mariaDb, mariaDb.Url);
                break;
            case "zookeeper":
                var zookeeper = ZooKeeperServerProcess.CreateStandalone();
                zookeeper.Start();
                await zookeeper.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
                (server, url) = (zookeeper, $"zookeeper://{zookeeper.Address}/orleans-coord-bench");
                break;
            case "etcd":
                var etcd = await EtcdServer.StartAsync(CancellationToken.None);
                (server, url) = (etcd, etcd.UrlWith("orleans-coord-bench"));
                break;
            case "file":
                var folder = new TempFolder("coord-bench-file");
                (server, url) = (folder, $"file://{folder.Path}");
                break;
            default:
                url = backend;
                break;
        }

        var parsed = BackendUrl.Parse(url);
        var environment = new BenchmarkEnvironment { Url = parsed, RawUrl = url, ClusterId = $"bench-{Guid.NewGuid():N}"[..16] };
        if (server is not null)
        {
            environment._owned.Add(server);
        }

        if (parsed.Kind == BackendKind.Redis)
        {
            environment.RedisConfiguration = string.Join(',', parsed.Hosts.Select(h => $"{h.Host}:{h.Port}")) +
                (parsed.Password is null ? "" : $",password={parsed.Password}");
        }
        else if (parsed.Kind == BackendKind.PostgreSql)
        {
            environment.PostgresConnectionString = AdoNetConnectionUrl.Parse(url).ConnectionString;
        }
        else if (parsed.Kind == BackendKind.MySql)
        {
            environment.MySqlConnectionString = AdoNetConnectionUrl.Parse(url).ConnectionString;
        }

        await environment.StartClusterAsync();
        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex)
            {
                Progress.Say($"stopping a host failed: {ex.Message}");
            }

            host.Dispose();
        }

        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }

    private async Task StartClusterAsync()
    {
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        GatewayPort = gatewayPort;
        GrpcPort = FreePort.Next();
        var siloBuilder = WebApplication.CreateBuilder(HostArguments.WithoutFileWatching);
        siloBuilder.Logging.ClearProviders();
        siloBuilder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, GrpcPort, l => l.Protocols = HttpProtocols.Http2));
        siloBuilder.Services.AddCoordGrpc();
        siloBuilder.UseOrleans(silo =>
        {
            silo.AddCoordination().UseCoordBackend(Url, siloPort, gatewayPort);
            if (Url.Kind != BackendKind.Localhost)
            {
                silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort);
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId));
            }
        });
        var silo = siloBuilder.Build();
        silo.MapCoordGrpc();
        Silo = silo;
        await Silo.StartAsync();
        _hosts.Add(Silo);
        Client = await StartClientAsync();
        SecondClient = await StartClientAsync();
    }

    /// <summary>
    /// Starts <paramref name="count"/> more cluster clients connected to the silo's gateway (in this process, each its
    /// own host and connection); they stop with the environment.
    /// </summary>
    public async Task<IReadOnlyList<IClusterClient>> StartClientsAsync(int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => StartClientAsync()));

    private async Task<IClusterClient> StartClientAsync()
    {
        var host = Host.CreateDefaultBuilder(HostArguments.WithoutFileWatching)
            .ConfigureLogging(l => l.ClearProviders())
            .UseOrleansClient(c =>
            {
                c.UseCoordBackend(Url, GatewayPort);
                if (Url.Kind != BackendKind.Localhost)
                {
                    c.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (ClusterId, ClusterId));
                }
            })
            .Build();
        await host.StartAsync();
        lock (_hosts)
        {
            _hosts.Add(host);
        }

        return host.Services.GetRequiredService<IClusterClient>();
    }
}
