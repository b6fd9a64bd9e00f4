using Orleans.Coord.TestServers;

namespace Orleans.Coord.Tests.Conformance;

public sealed class RedisClusterFixture : BackendClusterFixture
{
    protected override async Task<(IAsyncDisposable, string)> StartServerAsync()
    {
        var server = await RedisServer.StartAsync(CancellationToken.None);
        return (server, server.Url);
    }
}

public sealed class PostgresClusterFixture : BackendClusterFixture
{
    protected override async Task<(IAsyncDisposable, string)> StartServerAsync()
    {
        var server = await PostgresServer.StartAsync(CancellationToken.None);
        return (server, server.Url);
    }
}

public sealed class MariaDbClusterFixture : BackendClusterFixture
{
    protected override async Task<(IAsyncDisposable, string)> StartServerAsync()
    {
        var server = await MariaDbServer.StartAsync(CancellationToken.None);
        return (server, server.Url);
    }
}

public sealed class ZooKeeperClusterFixture : BackendClusterFixture
{
    protected override async Task<(IAsyncDisposable, string)> StartServerAsync()
    {
        var server = ZooKeeperServerProcess.CreateStandalone();
        server.Start();
        await server.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        return (server, $"zookeeper://{server.Address}/orleans-coord-tests");
    }
}
