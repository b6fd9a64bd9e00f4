using Orleans.Hosting;

namespace Orleans.Coord.Client;

/// <summary>What a cluster client needs to use Orleans.Coord besides its gateways.</summary>
public static class CoordClientBuilderExtensions
{
    /// <summary>
    /// Adds the client side of the coordination stream provider (memory streams named
    /// <see cref="CoordConstants.StreamProviderName"/> with <see cref="CoordConstants.StreamQueueCount"/> queues), which
    /// group watches and election observations read. The backend packages' client extensions call it.
    /// </summary>
    public static IClientBuilder AddCoordStreams(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMemoryStreams(CoordConstants.StreamProviderName, streams => streams.ConfigurePartitioning(CoordConstants.StreamQueueCount));
    }
}
