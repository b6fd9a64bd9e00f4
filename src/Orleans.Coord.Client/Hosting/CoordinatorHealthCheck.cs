using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Coord.Client.Hosting;

/// <summary>
/// The hosted coordinator's health: healthy while a session is alive and its last heartbeat was acknowledged within
/// two heartbeat intervals; degraded while a session is being started (first or new), or while heartbeats are late;
/// unhealthy when the host is stopping or the coordinator has stopped or given up.
/// </summary>
internal sealed class CoordinatorHealthCheck(HostedCoordinator coordinator) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = coordinator.State;
        var data = new Dictionary<string, object>
        {
            ["memberId"] = coordinator.MemberId,
            ["state"] = state.ToString(),
        };
        var result = state switch
        {
            HostedCoordinatorState.Alive => Alive(data),
            HostedCoordinatorState.Created or HostedCoordinatorState.Starting => HealthCheckResult.Degraded("The first coordination session is starting.", data: data),
            HostedCoordinatorState.Restarting => HealthCheckResult.Degraded("The coordination session was lost; a new one is starting.", data: data),
            HostedCoordinatorState.GaveUp => HealthCheckResult.Unhealthy("The coordination session was lost and the application is stopping (OnSessionLost is StopApplication).", data: data),
            _ => HealthCheckResult.Unhealthy("The coordinator is stopping or has stopped.", data: data),
        };
        return Task.FromResult(result);
    }

    private HealthCheckResult Alive(Dictionary<string, object> data)
    {
        if (coordinator.SinceLastHeartbeat is not { } since)
        {
            return HealthCheckResult.Degraded("The coordination session is changing.", data: data);
        }

        data["sessionId"] = coordinator.SessionId.ToString("N");
        data["lastHeartbeatAgoMs"] = (long)since.TotalMilliseconds;
        return since <= 2 * coordinator.Options.EffectiveHeartbeatInterval
            ? HealthCheckResult.Healthy("The coordination session is alive.", data)
            : HealthCheckResult.Degraded($"The coordination session's last heartbeat was acknowledged {since.TotalSeconds:0.0} s ago.", data: data);
    }
}
