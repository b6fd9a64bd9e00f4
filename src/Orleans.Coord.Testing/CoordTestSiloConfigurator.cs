using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Coord.Server;
using Orleans.TestingHost;

namespace Orleans.Coord.Testing;

/// <summary>
/// Configures a TestingHost silo for Orleans.Coord: coordination state and stream subscriptions in
/// <see cref="SharedMemoryGrainStorage"/> (survives <c>StopSiloAsync</c>/<c>KillSiloAsync</c> of any silo), memory
/// streams, in-memory reminders, and quick failure detection so that a killed silo is declared dead in seconds.
/// </summary>
public sealed class CoordTestSiloConfigurator : ISiloConfigurator
{
    /// <inheritdoc />
    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.AddCoordination();
        siloBuilder.Services.Configure<Orleans.Coord.Telemetry.CoordTelemetryOptions>(o => o.Backend = "memory");
        siloBuilder.AddSharedMemoryGrainStorage(CoordConstants.StorageName);
        siloBuilder.AddSharedMemoryGrainStorage(CoordConstants.PubSubStoreName);
        siloBuilder.UseInMemoryReminderService();
        siloBuilder.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
        });
    }
}
