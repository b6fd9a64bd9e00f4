using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Coord.Etcd.Internal;
using Orleans.Coord.Etcd.Options;
using Orleans.Coord.Health;
using Orleans.Runtime;

namespace Orleans.Coord.Etcd.Health;

/// <summary>
/// Whether the etcd servers of a backend URL answer, by a real round trip: a new gRPC channel and a <c>Status</c> call
/// (the server's version and raft state). The check is healthy when the answer comes within the timeout; it fails with
/// the cause (<c>cannot reach etcd at 127.0.0.1:2379: no answer within 3 s</c>, <c>cannot reach etcd at
/// 127.0.0.1:2379: Unavailable (Error connecting to subchannel.)</c>) otherwise. Each check opens its own
/// channel and closes it, so a restarted server is seen at the next check. The password is never shown.
/// </summary>
public sealed class EtcdBackendHealthCheck : IHealthCheck
{
    private readonly EtcdOptions _options;
    private readonly BackendRoundTripCheck _check;

    /// <summary>Creates the check.</summary>
    /// <param name="url">An <c>etcd://</c> backend URL.</param>
    /// <param name="timeout">The bound on one check, positive (at most one hour).</param>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not an etcd URL.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive or longer than an hour.</exception>
    public EtcdBackendHealthCheck(BackendUrl url, TimeSpan timeout)
    {
        BackendRoundTripCheck.CheckTimeout(timeout, TimeSpan.FromHours(1));
        // The request's own deadline comes after the check's timeout, so that a slow server is reported as such.
        _options = EtcdOptions.From(url) with { RequestTimeout = timeout + TimeSpan.FromSeconds(1) };
        _check = new BackendRoundTripCheck($"etcd at {_options.Where}", timeout);
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _check.RunAsync(
            context,
            async token =>
            {
                using var connection = new EtcdConnection(_options);
                var status = await connection.StatusAsync(token).ConfigureAwait(false);
                return $"answered status (version {status.Version})";
            },
            ex => ex is OrleansException ? $"{ex.Data[EtcdConnection.CauseKey] ?? ex.Message}" : null,
            cancellationToken);
}
