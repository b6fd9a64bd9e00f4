using Orleans.TestingHost;

namespace Orleans.Coord.Testing;

/// <summary>The one-line way to add Orleans.Coord to a TestingHost cluster.</summary>
public static class TestClusterBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="CoordTestSiloConfigurator"/> to every silo and <see cref="CoordTestClientConfigurator"/> to the
    /// cluster's client: <c>new TestClusterBuilder(3).AddCoordination().Build()</c>.
    /// </summary>
    public static TestClusterBuilder AddCoordination(this TestClusterBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSiloBuilderConfigurator<CoordTestSiloConfigurator>();
        builder.AddClientBuilderConfigurator<CoordTestClientConfigurator>();
        return builder;
    }
}
