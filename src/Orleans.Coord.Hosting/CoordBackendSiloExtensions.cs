using Orleans.Coord.Hosting;
using Orleans.Hosting;

namespace Orleans.Coord.Hosting;

/// <summary>Configures a silo's clustering, coordination storage, streams and reminders from a <see cref="BackendUrl"/>.</summary>
public static class CoordBackendSiloExtensions
{
    /// <summary>
    /// Adds Orleans.Coord to the silo on the given backend. <c>localhost</c> uses localhost clustering on
    /// <paramref name="siloPort"/>/<paramref name="gatewayPort"/> and in-memory state, streams and reminders: state is lost
    /// when the silo stops, so it is for one development silo only.
    /// </summary>
    /// <exception cref="NotSupportedException">The backend is recognised but not available in this build.</exception>
    public static ISiloBuilder UseCoordBackend(this ISiloBuilder builder, BackendUrl backend, int siloPort = 11111, int gatewayPort = 30000)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(backend);
        switch (backend.Kind)
        {
            case BackendKind.Localhost:
                builder.UseLocalhostClustering(siloPort, gatewayPort);
                builder.AddMemoryGrainStorage(CoordConstants.StorageName);
                builder.AddMemoryGrainStorage("PubSubStore");
                builder.AddMemoryStreams(CoordConstants.StreamProviderName);
                builder.UseInMemoryReminderService();
                break;
            default:
                throw NotAvailable(backend);
        }

        return builder.AddCoordination();
    }

    internal static NotSupportedException NotAvailable(BackendUrl backend) =>
        new($"The {backend.Kind} backend ({backend}) is recognised but not available in this build of Orleans.Coord yet; use 'localhost'.");
}
