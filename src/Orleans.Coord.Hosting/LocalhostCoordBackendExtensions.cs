using Orleans.Coord.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Client;
using Orleans.Hosting;
using Orleans.Coord.Storage;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Coord.Hosting;

/// <summary>The development backend: one silo on localhost, everything in its memory.</summary>
public static class LocalhostCoordBackendExtensions
{
    /// <summary>
    /// Localhost clustering on <paramref name="siloPort"/>/<paramref name="gatewayPort"/>, and coordination state, the
    /// stream pub-sub store and reminders in the silo's memory: everything is lost when the silo stops, so it is for one
    /// development silo only (a second active silo is reported as an error in the log). Add the grains with
    /// <c>AddCoordination()</c> (Orleans.Coord.Server).
    /// </summary>
    public static ISiloBuilder UseCoordLocalhost(this ISiloBuilder builder, int siloPort = 11111, int gatewayPort = 30000)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseLocalhostClustering(siloPort, gatewayPort);
        builder.Services.Configure<CoordTelemetryOptions>(o => o.Backend = "localhost");
        foreach (var storage in new[] { CoordConstants.StorageName, CoordConstants.PubSubStoreName })
        {
            builder.AddMemoryGrainStorage(storage, o =>
                o.Configure<Serializer>((memory, serializer) => memory.GrainStorageSerializer = new PooledGrainStorageSerializer(serializer)));
        }

        builder.UseInMemoryReminderService();
        builder.Services.AddHostedService<SingleSiloGuard>();
        return builder;
    }

    /// <summary>Connects to the silo's gateway on 127.0.0.1:<paramref name="gatewayPort"/> and adds the coordination streams.</summary>
    public static IClientBuilder UseCoordLocalhost(this IClientBuilder builder, int gatewayPort = 30000)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseLocalhostClustering(gatewayPort).AddCoordStreams();
    }
}
