using Orleans.Coord.AdoNet.Hosting;
using Orleans.Coord.Etcd.Hosting;
using Orleans.Coord.File.Hosting;
using Orleans.Coord.Redis;
using Orleans.Coord.ZooKeeper.Hosting;

namespace Orleans.Coord.Hosting;

/// <summary>Puts a silo on the backend a <see cref="BackendUrl"/> names.</summary>
public static class CoordBackendSiloExtensions
{
    /// <summary>
    /// Configures the silo's clustering, coordination storage, stream pub-sub store and reminders on
    /// <paramref name="backend"/>: <c>localhost</c> (<see cref="LocalhostCoordBackendExtensions.UseCoordLocalhost(ISiloBuilder, int, int)"/>,
    /// on <paramref name="siloPort"/>/<paramref name="gatewayPort"/>), <c>redis://</c>, <c>postgresql://</c>,
    /// <c>mysql://</c>, <c>zookeeper://</c> or <c>etcd://</c> (that backend's package; the silo's endpoints then come from
    /// <c>EndpointOptions</c>, set with <c>ConfigureEndpoints</c>), or <c>file:///directory</c> (one silo, localhost
    /// clustering on <paramref name="siloPort"/>/<paramref name="gatewayPort"/>, everything in files of the directory). Add the grains with <c>AddCoordination()</c>
    /// (Orleans.Coord.Server). An application that uses one backend can reference that backend's package alone.
    /// </summary>
    /// <exception cref="NotSupportedException">The backend is recognised but not available in this build.</exception>
    /// <exception cref="FormatException">The URL's options are not accepted by the backend's client library.</exception>
    public static ISiloBuilder UseCoordBackend(this ISiloBuilder builder, BackendUrl backend, int siloPort = 11111, int gatewayPort = 30000)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(backend);
        return backend.Kind switch
        {
            BackendKind.Localhost => builder.UseCoordLocalhost(siloPort, gatewayPort),
            BackendKind.Redis => builder.UseCoordRedis(backend),
            BackendKind.PostgreSql or BackendKind.MySql => builder.UseCoordAdoNet(backend),
            BackendKind.ZooKeeper => builder.UseCoordZooKeeper(backend),
            BackendKind.Etcd => builder.UseCoordEtcd(backend),
            BackendKind.File => builder.UseCoordFile(backend, siloPort, gatewayPort),
            _ => throw new NotSupportedException($"The {backend.Kind} backend ({backend}) is not available in this build of Orleans.Coord."),
        };
    }
}
