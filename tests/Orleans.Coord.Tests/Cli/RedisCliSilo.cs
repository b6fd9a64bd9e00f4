namespace Orleans.Coord.Tests.Cli;

/// <summary>A real redis-server and a silo process on it, with a cluster id of its own.</summary>
public sealed class RedisCliSilo : CliSilo
{
    private RedisServer? _redis;

    /// <summary>The backend URL of the Redis server.</summary>
    public string Url => _redis!.Url;

    protected override async Task<SiloProcess> StartSiloAsync()
    {
        _redis = await RedisServer.StartAsync();
        ClusterId = $"cli-{Guid.NewGuid():N}"[..20];
        return SiloProcess.Start(_redis.Url, ClusterId, FreePort.Next(), FreePort.Next());
    }

    protected override async Task DisposeServerAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
