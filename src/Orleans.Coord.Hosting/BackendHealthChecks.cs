using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Coord.AdoNet.Health;
using Orleans.Coord.Etcd.Health;
using Orleans.Coord.File.Health;
using Orleans.Coord.Redis.Health;
using Orleans.Coord.ZooKeeper.Health;

namespace Orleans.Coord.Hosting;

/// <summary>
/// The round-trip check of the backend a <see cref="BackendUrl"/> names, from that backend's package: Redis <c>PING</c>,
/// SQL <c>SELECT 1</c> (PostgreSQL, MySQL/MariaDB), ZooKeeper <c>exists /</c>, etcd <c>Status</c>; for
/// <c>file://</c>, a probe write in the directory (<see cref="FileBackendHealthCheck"/>). The same check is used by
/// <see cref="BackendReachability"/> before a silo starts and by the readiness check while it runs.
/// </summary>
public static class BackendHealthChecks
{
    /// <summary>The bound on one check when none is given: 3 s.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The check for <paramref name="backend"/>, each attempt bounded by <paramref name="timeout"/>, or null for
    /// <see cref="BackendKind.Localhost"/>, which keeps its state in the silo and has nothing to probe.
    /// </summary>
    /// <exception cref="ArgumentException">The URL is not usable by its backend's client library.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    /// <exception cref="NotSupportedException">The backend is not available in this build.</exception>
    public static IHealthCheck? For(BackendUrl backend, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return backend.Kind switch
        {
            BackendKind.Localhost => null,
            BackendKind.Redis => new RedisBackendHealthCheck(backend, timeout),
            BackendKind.PostgreSql or BackendKind.MySql => new AdoNetBackendHealthCheck(backend, timeout),
            BackendKind.ZooKeeper => new ZooKeeperBackendHealthCheck(backend, timeout),
            BackendKind.Etcd => new EtcdBackendHealthCheck(backend, timeout),
            BackendKind.File => new FileBackendHealthCheck(backend),
            _ => throw new NotSupportedException($"The {backend.Kind} backend ({backend}) is not available in this build of Orleans.Coord."),
        };
    }
}
