using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Coord.Health;
using Orleans.Coord.ZooKeeper.Hosting;

namespace Orleans.Coord.ZooKeeper.Health;

/// <summary>
/// Whether the ZooKeeper ensemble of a backend URL answers, by a real round trip with this package's
/// <see cref="ZooKeeperClient"/>: a new session with one of the URL's servers and <c>exists</c> on the root path (the
/// URL's chroot, whether or not it exists yet). The check is healthy when the answer comes within the timeout; it fails
/// with the cause (<c>cannot reach zookeeper at 127.0.0.1:2181: no session within 3 s</c>) otherwise. Each check opens
/// its own session and closes it, so a restarted ensemble is seen at the next check.
/// </summary>
public sealed class ZooKeeperBackendHealthCheck : IHealthCheck
{
    private readonly string _connectString;
    private readonly string? _digest;
    private readonly ZooKeeperTlsOptions? _tls;
    private readonly BackendRoundTripCheck _check;

    /// <summary>Creates the check.</summary>
    /// <param name="url">A <c>zookeeper://</c> backend URL.</param>
    /// <param name="timeout">The bound on the session's start and the answer together, positive (at most one hour).</param>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a ZooKeeper URL.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive or longer than an hour.</exception>
    public ZooKeeperBackendHealthCheck(BackendUrl url, TimeSpan timeout)
    {
        BackendRoundTripCheck.CheckTimeout(timeout, ZooKeeperClientOptions.MaxSessionTimeout);
        _connectString = ZooKeeperCoordBackendExtensions.ConnectStringOf(url);
        _digest = ZooKeeperCoordBackendExtensions.DigestOf(url);
        _tls = ZooKeeperCoordBackendExtensions.TlsOf(url);
        _check = new BackendRoundTripCheck($"zookeeper at {url.HostList}", timeout, unanswered: "session");
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _check.RunAsync(
            context,
            async token =>
            {
                var client = new ZooKeeperClient(new ZooKeeperClientOptions { ConnectString = _connectString, ConnectTimeout = _check.Timeout, DigestCredentials = _digest, Tls = _tls });
                await using (client.ConfigureAwait(false))
                {
                    await client.ConnectAsync(token).ConfigureAwait(false);
                    await client.ExistsAsync("/", cancellationToken: token).ConfigureAwait(false);
                    return "answered exists /";
                }
            },
            ex => ex switch
            {
                ConnectionLossException => $"no session within {_check.Timeout.TotalSeconds:0.#} s",
                ZooKeeperException => ex.Message,
                _ => null,
            },
            cancellationToken);
}
