using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orleans.Coord.Hosting;

/// <summary>Adds Orleans.Coord's grains to a silo.</summary>
public static class CoordinationSiloBuilderExtensions
{
    /// <summary>
    /// Adds the coordination grains' services. The silo must also have a grain storage named
    /// <see cref="CoordConstants.StorageName"/>, a stream provider named <see cref="CoordConstants.StreamProviderName"/>
    /// (with its pub-sub store) and, for the lease backstop, a reminder service; the backend extensions in
    /// Orleans.Coord.Hosting configure all of them from one URL.
    /// </summary>
    public static ISiloBuilder AddCoordination(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
