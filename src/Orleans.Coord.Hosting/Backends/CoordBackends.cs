namespace Orleans.Coord.Hosting.Backends;

/// <summary>Maps a <see cref="BackendUrl"/> to the backend that configures it.</summary>
internal static class CoordBackends
{
    public static ICoordBackend For(BackendUrl url, int siloPort, int gatewayPort) => url.Kind switch
    {
        BackendKind.Localhost => new LocalhostBackend(siloPort, gatewayPort),
        BackendKind.Redis => new RedisBackend(url),
        BackendKind.PostgreSql or BackendKind.MySql => new AdoNetBackend(url),
        BackendKind.ZooKeeper => new ZooKeeperBackend(url),
        _ => throw new NotSupportedException($"The {url.Kind} backend ({url}) is not available in this build of Orleans.Coord."),
    };
}
