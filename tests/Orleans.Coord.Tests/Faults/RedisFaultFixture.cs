using Orleans.Coord.Tests.Conformance;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.TestServers;
using StackExchange.Redis;

namespace Orleans.Coord.Tests.Faults;

/// <summary>
/// A real redis-server the tests can make fail (over its memory limit, paused with SIGSTOP, killed and started again, or
/// with a record changed behind a grain's back), and a 2-silo TestingHost cluster on it configured as the product does
/// (<c>UseCoordBackend</c>). The server is durable, as a production backend must be: a restart keeps every acknowledged
/// write, the cluster's membership table included, so that the silos still find their own rows when they stop.
/// </summary>
public sealed class RedisFaultFixture : IAsyncLifetime
{
    public RedisServer Redis { get; private set; } = null!;

    public CoordCluster Coord { get; private set; } = null!;

    public IClusterClient[] Clients { get; private set; } = [];

    public ConnectionMultiplexer Admin { get; private set; } = null!;

    public IServer Server => Admin.GetServer(Redis.ConnectionString);

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync(CancellationToken.None, options: new RedisServerOptions { Durable = true });
        Coord = await CoordCluster.StartAsync(2, b => BackendConfigurators.Apply(b, Redis.Url));
        Clients = await Task.WhenAll(Coord.ClientOnSiloAsync(0), Coord.ClientOnSiloAsync(1));
        Admin = await ConnectionMultiplexer.ConnectAsync($"{Redis.ConnectionString},allowAdmin=true");
    }

    public async Task DisposeAsync()
    {
        await Admin.DisposeAsync();
        await Coord.DisposeAsync();
        await Redis.DisposeAsync();
    }

    /// <summary>Makes every write fail with an OOM error until the returned scope ends.</summary>
    public async Task<IAsyncDisposable> WritesFailAsync()
    {
        await Server.ConfigSetAsync("maxmemory", "1");
        return new Scope(() => Server.ConfigSetAsync("maxmemory", "0"));
    }

    private sealed class Scope(Func<Task> end) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await end();
    }
}
