using Orleans.Configuration;
using Orleans.Coord.Hosting.Backends;

namespace Orleans.Coord.Hosting;

/// <summary>Configures a silo's clustering, coordination storage, streams and reminders from a <see cref="BackendUrl"/>.</summary>
public static class CoordBackendSiloExtensions
{
    /// <summary>
    /// Adds Orleans.Coord to the silo on the given backend. <c>localhost</c> uses localhost clustering on
    /// <paramref name="siloPort"/>/<paramref name="gatewayPort"/> and in-memory state, streams and reminders: state is lost
    /// when the silo stops, so it is for one development silo only (a second active silo is reported as an error in the
    /// log). <c>redis://</c>, <c>postgresql://</c> and <c>mysql://</c> keep clustering, coordination state, the stream
    /// pub-sub store and reminders in that server (the SQL backends install their schema on start when it is missing);
    /// for them the silo's endpoints come from <c>EndpointOptions</c> (set them with <c>ConfigureEndpoints</c>).
    /// Events travel on memory streams in every case; watchers resynchronise from the durable state after a silo loss.
    /// Failure detection is set to <see cref="CoordMembershipDefaults"/> (a dead silo is declared in about 2 s); a later
    /// <c>Configure&lt;ClusterMembershipOptions&gt;</c> overrides it.
    /// </summary>
    /// <exception cref="NotSupportedException">The backend is recognised but not available in this build.</exception>
    /// <exception cref="FormatException">The URL's options are not accepted by the backend's client library.</exception>
    public static ISiloBuilder UseCoordBackend(this ISiloBuilder builder, BackendUrl backend, int siloPort = 11111, int gatewayPort = 30000)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(backend);
        CoordBackends.For(backend, siloPort, gatewayPort).ConfigureSilo(builder);
        builder.Configure<ClusterMembershipOptions>(CoordMembershipDefaults.Apply);
        return builder.AddCoordination();
    }
}
