using Orleans.Coord.TestServers;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>
/// A real backend server started by the fixture on a free loopback port and a 2-silo TestingHost cluster configured
/// against it as the product does it (<see cref="BackendConfigurators"/>).
/// </summary>
public abstract class BackendClusterFixture : ClusterFixture
{
    private string _url = "";

    public override string Backend => BackendUrl.Parse(_url).ToString();

    protected override async Task<int> PrepareAsync(Action<IAsyncDisposable> own)
    {
        (var server, _url) = await StartServerAsync();
        own(server);
        return 2;
    }

    protected override void Configure(TestClusterBuilder builder) => BackendConfigurators.Apply(builder, _url);

    protected abstract Task<(IAsyncDisposable Server, string Url)> StartServerAsync();
}

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

public sealed class EtcdClusterFixture : BackendClusterFixture
{
    protected override async Task<(IAsyncDisposable, string)> StartServerAsync()
    {
        var server = await EtcdServer.StartAsync(CancellationToken.None);
        return (server, server.UrlWith("orleans-coord-tests"));
    }
}
