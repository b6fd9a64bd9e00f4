using Orleans.Coord.TestServers;
using Orleans.Coord.TestServers.Internal;
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
        return Silos;
    }

    /// <summary>How many silos the cluster has.</summary>
    protected virtual int Silos => 2;

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

/// <summary>
/// The file backend: one silo (it holds its directory alone) on a temporary directory; the lock-delay cluster gets a
/// directory of its own. The suites need no second silo: none of them kills a silo.
/// </summary>
public sealed class FileClusterFixture : BackendClusterFixture
{
    protected override int Silos => 1;

    protected override Task<(IAsyncDisposable, string)> StartServerAsync() => Task.FromResult(NewDirectory());

    protected override Task<(int Silos, Action<TestClusterBuilder> Configure)> PrepareLockDelayAsync(Action<IAsyncDisposable> own)
    {
        var (directory, url) = NewDirectory();
        own(directory);
        return Task.FromResult<(int, Action<TestClusterBuilder>)>((1, builder => BackendConfigurators.Apply(builder, url)));
    }

    private static (IAsyncDisposable, string) NewDirectory()
    {
        var directory = new TempFolder("coord-file");
        return (directory, $"file://{directory.Path}");
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
