using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace Orleans.Coord.Hosting.Backends;

/// <summary>Development: localhost clustering and in-memory state, streams and reminders. One silo only.</summary>
internal sealed class LocalhostBackend(int siloPort, int gatewayPort) : ICoordBackend
{
    public void ConfigureSilo(ISiloBuilder builder)
    {
        builder.UseLocalhostClustering(siloPort, gatewayPort);
        builder.AddMemoryGrainStorage(CoordConstants.StorageName, CoordStateSerialization.UseOrleansBinary);
        builder.AddMemoryGrainStorage("PubSubStore", CoordStateSerialization.UseOrleansBinary);
        builder.AddCoordStreams();
        builder.UseInMemoryReminderService();
        builder.Services.AddHostedService<SingleSiloGuard>();
    }

    public void ConfigureClient(IClientBuilder builder) => builder.UseLocalhostClustering(gatewayPort);
}
