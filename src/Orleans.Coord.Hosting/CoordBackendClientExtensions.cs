using Orleans.Coord.Hosting.Backends;
using Orleans.Hosting;

namespace Orleans.Coord.Hosting;

/// <summary>Configures a cluster client's gateway discovery and coordination streams from a <see cref="BackendUrl"/>.</summary>
public static class CoordBackendClientExtensions
{
    /// <summary>
    /// Connects the client to an Orleans.Coord cluster on the given backend: for <c>localhost</c> through the gateway on
    /// 127.0.0.1:<paramref name="gatewayPort"/>, otherwise through the gateways listed in the backend's membership table.
    /// </summary>
    /// <exception cref="NotSupportedException">The backend is recognised but not available in this build.</exception>
    public static IClientBuilder UseCoordBackend(this IClientBuilder builder, BackendUrl backend, int gatewayPort = 30000)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(backend);
        CoordBackends.For(backend, 0, gatewayPort).ConfigureClient(builder);
        return builder.AddCoordStreams();
    }

    /// <summary>Adds the client side of the coordination stream provider (needed to watch groups).</summary>
    public static IClientBuilder AddCoordStreams(this IClientBuilder builder) =>
        builder.AddMemoryStreams(CoordConstants.StreamProviderName, streams => streams.ConfigurePartitioning(CoordStreamsSiloBuilderExtensions.QueueCount));
}
