using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Coord.Hosting;
using Orleans.Coord.Server;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>TestingHost silos and clients configured exactly as the product does it: <c>UseCoordBackend(url)</c>.</summary>
public static class BackendConfigurators
{
    public const string UrlKey = "Coord:BackendUrl";

    public static void Apply(TestClusterBuilder builder, string url)
    {
        builder.Options.UseTestClusterMembership = false;
        builder.Properties[UrlKey] = url;
        builder.AddSiloBuilderConfigurator<Silo>();
        builder.AddClientBuilderConfigurator<Client>();
    }

    public sealed class Silo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            // TestingHost's ports for this silo, for a backend with localhost clustering (file://); the others ignore them.
            var configuration = siloBuilder.Configuration;
            siloBuilder.AddCoordination().UseCoordBackend(
                BackendUrl.Parse(configuration[UrlKey]!), configuration.GetValue("Orleans:Endpoints:SiloPort", 11111), configuration.GetValue("Orleans:Endpoints:GatewayPort", 30000));
            // The product's defaults detect a dead silo in about 2 s; one vote suffices in a 2-silo test cluster.
            siloBuilder.Configure<ClusterMembershipOptions>(o => o.NumVotesForDeathDeclaration = 1);
        }
    }

    public sealed class Client : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UseCoordBackend(BackendUrl.Parse(configuration[UrlKey]!), configuration.GetValue("BaseGatewayPort", 30000));
    }
}
