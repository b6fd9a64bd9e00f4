using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace Orleans.Coord.Hosting;

/// <summary>
/// Whether the local silo is <see cref="SiloStatus.Active"/> in its cluster's membership, as this silo sees it
/// (<see cref="IClusterMembershipService.CurrentSnapshot"/>): not yet while it joins, no longer once it is shutting down
/// or declared dead. Reads memory only; it never waits.
/// </summary>
internal sealed class SiloStatusHealthCheck(ILocalSiloDetails silo, IClusterMembershipService membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(silo.SiloAddress);
        var description = $"silo {silo.SiloAddress} is {status} in cluster membership version {snapshot.Version}";
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy(description)
            : new HealthCheckResult(context.Registration.FailureStatus, description));
    }
}
