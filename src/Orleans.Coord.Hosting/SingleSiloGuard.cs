using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Orleans.Coord.Hosting;

/// <summary>
/// Warns loudly whenever a cluster on the localhost backend has more than one active silo: Orleans' memory storage
/// lives inside one silo, so coordination state (memberships, fencing tokens) would be lost when that silo stops.
/// </summary>
internal sealed partial class SingleSiloGuard(IClusterMembershipService membership, ILogger<SingleSiloGuard> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
                if (active > 1)
                {
                    LogMultipleSilos(active);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "UNSAFE: {Count} silos are active on the localhost backend. Its in-memory state is lost when any silo stops or dies; use a durable backend (redis://, postgresql://, mysql://) for more than one silo.")]
    private partial void LogMultipleSilos(int count);
}
