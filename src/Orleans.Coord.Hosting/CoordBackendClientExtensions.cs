using Orleans.Hosting;

namespace Orleans.Coord.Hosting;

/// <summary>Configures a cluster client's gateway discovery and coordination streams from a <see cref="BackendUrl"/>.</summary>
public static class CoordBackendClientExtensions
{
    /// <summary>
    /// Connects the client to an Orleans.Coord cluster on the given backend. For <c>localhost</c> the client uses the
    /// gateway on 127.0.0.1:<paramref name="gatewayPort"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The backend is recognised but not available in this build.</exception>
    public static IClientBuilder UseCoordBackend(this IClientBuilder builder, BackendUrl backend, int gatewayPort = 30000)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(backend);
        switch (backend.Kind)
        {
            case BackendKind.Localhost:
                builder.UseLocalhostClustering(gatewayPort);
                break;
            default:
                throw CoordBackendSiloExtensions.NotAvailable(backend);
        }

        return builder.AddCoordStreams();
    }

    /// <summary>Adds the client side of the coordination stream provider (needed to watch groups).</summary>
    public static IClientBuilder AddCoordStreams(this IClientBuilder builder) =>
        builder.AddMemoryStreams(CoordConstants.StreamProviderName);
}
