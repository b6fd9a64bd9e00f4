using Microsoft.Extensions.Diagnostics.HealthChecks;
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
    private readonly string _where;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the check.</summary>
    /// <param name="url">A <c>zookeeper://</c> backend URL.</param>
    /// <param name="timeout">The bound on the session's start and the answer together, positive (at most one hour).</param>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a ZooKeeper URL.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive or longer than an hour.</exception>
    public ZooKeeperBackendHealthCheck(BackendUrl url, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, ZooKeeperClientOptions.MaxSessionTimeout);
        _connectString = ZooKeeperCoordBackendExtensions.ConnectStringOf(url);
        _digest = ZooKeeperCoordBackendExtensions.DigestOf(url);
        _where = $"zookeeper at {url.HostList}";
        _timeout = timeout;
    }

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        var client = new ZooKeeperClient(new ZooKeeperClientOptions { ConnectString = _connectString, ConnectTimeout = _timeout, DigestCredentials = _digest });
        try
        {
            await client.ConnectAsync(timeout.Token).ConfigureAwait(false);
            await client.ExistsAsync("/", cancellationToken: timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{_where} answered exists /");
        }
        catch (Exception ex) when (ex is OperationCanceledException or ConnectionLossException && !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"cannot reach {_where}: no session within {_timeout.TotalSeconds:0.#} s", ex);
        }
        catch (ZooKeeperException ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"cannot reach {_where}: {ex.Message}", ex);
        }
        finally
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
