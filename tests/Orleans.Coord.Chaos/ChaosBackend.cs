using Orleans.Coord.TestServers;

namespace Orleans.Coord.Chaos;

/// <summary>
/// The real backend server of a chaos run, on a free loopback port in a temporary folder, which the runner kills
/// (SIGKILL) and starts again on the same port with its data: Redis (append-only file, fsync on every write),
/// PostgreSQL, ZooKeeper or etcd.
/// </summary>
internal sealed class ChaosBackend : IAsyncDisposable
{
    private readonly IAsyncDisposable _server;
    private readonly Func<Task> _kill;
    private readonly Func<Task> _startAgain;

    private ChaosBackend(string name, string url, IAsyncDisposable server, Func<Task> kill, Func<Task> startAgain)
    {
        Name = name;
        Url = url;
        _server = server;
        _kill = kill;
        _startAgain = startAgain;
    }

    public static readonly IReadOnlyList<string> Names = ["redis", "postgresql", "zookeeper", "etcd"];

    public string Name { get; }

    /// <summary>The backend URL the silos and clients use.</summary>
    public string Url { get; }

    /// <exception cref="ArgumentException"><paramref name="name"/> is not one of <see cref="Names"/>.</exception>
    public static async Task<ChaosBackend> StartAsync(string name)
    {
        switch (name)
        {
            case "redis":
            {
                var redis = await RedisServer.StartAsync(options: new RedisServerOptions { Durable = true });
                return new(name, redis.Url, redis, redis.KillAsync, () => redis.StartAgainAsync());
            }

            case "postgresql":
            {
                var postgres = await PostgresServer.StartAsync(options: new PostgresServerOptions { Durable = true });
                return new(name, postgres.Url, postgres, postgres.KillAsync, () => postgres.StartAgainAsync());
            }

            case "etcd":
            {
                var etcd = await EtcdServer.StartAsync();
                return new(name, etcd.UrlWith("chaos"), etcd, etcd.KillAsync, () => etcd.StartAgainAsync());
            }

            case "zookeeper":
            {
                var zookeeper = ZooKeeperServerProcess.CreateStandalone();
                zookeeper.Start();
                await zookeeper.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
                return new(name, $"zookeeper://{zookeeper.Address}/chaos", zookeeper, zookeeper.KillAsync, async () =>
                {
                    zookeeper.Start();
                    await zookeeper.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
                });
            }

            default:
                throw new ArgumentException($"--backend must be one of {string.Join(", ", Names)}, not '{name}'.", nameof(name));
        }
    }

    /// <summary>kill -9 of the server process.</summary>
    public Task KillAsync() => _kill();

    /// <summary>Starts the killed server again on the same port and data, and waits until it serves.</summary>
    public Task StartAgainAsync() => _startAgain();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
