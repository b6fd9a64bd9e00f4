using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Orleans.Coord.AdoNet.Tests;

/// <summary>
/// Configures test silos and the test client to use the Orleans ADO.NET providers (clustering, grain storage,
/// reminders) against the database named in the test cluster's configuration.
/// </summary>
public static class ClusterSetup
{
    /// <summary>The name of the ADO.NET grain storage provider.</summary>
    public const string StorageName = "coord";

    public const string InvariantKey = "AdoNetTests:Invariant";
    public const string ConnectionStringKey = "AdoNetTests:ConnectionString";

    /// <summary>Silo side: ADO.NET clustering, grain storage and reminder table; one-second minimum reminder period.</summary>
    public sealed class Silo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var invariant = Required(siloBuilder.Configuration, InvariantKey);
            var connectionString = Required(siloBuilder.Configuration, ConnectionStringKey);

            siloBuilder.UseAdoNetClustering(options =>
            {
                options.Invariant = invariant;
                options.ConnectionString = connectionString;
            });
            siloBuilder.AddAdoNetGrainStorage(StorageName, options =>
            {
                options.Invariant = invariant;
                options.ConnectionString = connectionString;
            });
            siloBuilder.UseAdoNetReminderService(options =>
            {
                options.Invariant = invariant;
                options.ConnectionString = connectionString;
            });
            siloBuilder.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Client side: gateways come from the ADO.NET membership table (the GatewaysQueryKey query).</summary>
    public sealed class Client : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            var invariant = Required(configuration, InvariantKey);
            var connectionString = Required(configuration, ConnectionStringKey);
            clientBuilder.UseAdoNetClustering(options =>
            {
                options.Invariant = invariant;
                options.ConnectionString = connectionString;
            });
        }
    }

    private static string Required(IConfiguration configuration, string key) =>
        configuration[key] ?? throw new InvalidOperationException($"Test cluster configuration lacks '{key}'.");
}
