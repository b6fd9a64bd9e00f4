using Orleans.Coord.Client;
using Orleans.TestingHost;

namespace Orleans.Coord.Testing;

/// <summary>Configures a TestingHost cluster client for Orleans.Coord (the coordination stream provider, for watches).</summary>
public sealed class CoordTestClientConfigurator : IClientBuilderConfigurator
{
    /// <inheritdoc />
    public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
        clientBuilder.AddCoordStreams();
}
