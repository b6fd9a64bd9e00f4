using Orleans.Coord.TestServers;

namespace Orleans.Coord.Tests.Crash;

/// <summary>The durable backends the process-crash tests run on: a real server started for the test, and its URL.</summary>
internal static class CrashBackends
{
    public static async Task<(IAsyncDisposable Server, string Url)> RedisAsync()
    {
        var server = await RedisServer.StartAsync(CancellationToken.None);
        return (server, server.Url);
    }

    public static async Task<(IAsyncDisposable Server, string Url)> PostgresAsync()
    {
        var server = await PostgresServer.StartAsync(CancellationToken.None);
        return (server, server.Url);
    }

    public static async Task<(IAsyncDisposable Server, string Url)> MariaDbAsync()
    {
        var server = await MariaDbServer.StartAsync(CancellationToken.None);
        return (server, server.Url);
    }

    public static async Task<(IAsyncDisposable Server, string Url)> ZooKeeperAsync(string chroot)
    {
        var server = ZooKeeperServerProcess.CreateStandalone();
        server.Start();
        await server.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        return (server, $"zookeeper://{server.Address}/{chroot}");
    }

    public static async Task<(IAsyncDisposable Server, string Url)> EtcdAsync(string prefix)
    {
        var server = await EtcdServer.StartAsync(CancellationToken.None);
        return (server, server.UrlWith(prefix));
    }
}
