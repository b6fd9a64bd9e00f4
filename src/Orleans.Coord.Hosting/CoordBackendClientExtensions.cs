using Orleans.Coord.AdoNet.Hosting;
using Orleans.Coord.Etcd.Hosting;
using Orleans.Coord.File.Hosting;
using Orleans.Coord.Redis;
using Orleans.Coord.ZooKeeper.Hosting;

namespace Orleans.Coord.Hosting;

/// <summary>Connects a cluster client through the backend a <see cref="BackendUrl"/> names.</summary>
public static class CoordBackendClientExtensions
{
    /// <summary>
    /// Finds the gateways of the Orleans.Coord cluster on <paramref name="backend"/> (for <c>localhost</c> and <c>file://</c>, the gateway
    /// on 127.0.0.1:<paramref name="gatewayPort"/>; otherwise the backend's membership table) and adds the coordination
    /// streams. This references every backend's package; a client that uses one backend can reference that backend's
    /// package alone and call its extension (<c>UseCoordRedis</c>, <c>UseCoordAdoNet</c>, <c>UseCoordZooKeeper</c>, <c>UseCoordEtcd</c>,
    /// <c>UseCoordFile</c>).
    /// </summary>
    /// <exception cref="NotSupportedException">The backend is recognised but not available in this build.</exception>
    /// <exception cref="FormatException">The URL's options are not accepted by the backend's client library.</exception>
    public static IClientBuilder UseCoordBackend(this IClientBuilder builder, BackendUrl backend, int gatewayPort = 30000)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(backend);
        return backend.Kind switch
        {
            BackendKind.Localhost => builder.UseCoordLocalhost(gatewayPort),
            BackendKind.Redis => builder.UseCoordRedis(backend),
            BackendKind.PostgreSql or BackendKind.MySql => builder.UseCoordAdoNet(backend),
            BackendKind.ZooKeeper => builder.UseCoordZooKeeper(backend),
            BackendKind.Etcd => builder.UseCoordEtcd(backend),
            BackendKind.File => builder.UseCoordFile(backend, gatewayPort),
            _ => throw new NotSupportedException($"The {backend.Kind} backend ({backend}) is not available in this build of Orleans.Coord."),
        };
    }
}
