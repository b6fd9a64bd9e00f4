using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Coord.ZooKeeper.Clustering;
using Orleans.Coord.ZooKeeper.Options;
using Orleans.Coord.ZooKeeper.Storage;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;

namespace Orleans.Coord.ZooKeeper.Hosting;

/// <summary>Registers the ZooKeeper clustering and grain storage providers on an Orleans silo.</summary>
public static class ZooKeeperSiloBuilderExtensions
{
    /// <summary>
    /// Uses <see cref="ZooKeeperMembershipTable"/> as the silo's membership table. The options are checked when the silo
    /// starts; invalid ones stop it with an <see cref="Orleans.Runtime.OrleansConfigurationException"/> naming the setting.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Sets the connect string and timeouts.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ISiloBuilder UseZooKeeperClustering(this ISiloBuilder builder, Action<ZooKeeperClusteringOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        builder.Services.Configure(configureOptions);
        builder.Services.AddSingleton<IMembershipTable, ZooKeeperMembershipTable>();
        builder.Services.AddTransient<IConfigurationValidator>(sp => new ZooKeeperOptionsValidator(
            "ZooKeeper clustering",
            sp.GetRequiredService<IOptions<ZooKeeperClusteringOptions>>().Value.Validate));
        return builder;
    }

    /// <summary>
    /// Adds a <see cref="ZooKeeperGrainStorage"/> named <paramref name="name"/>. The options are checked when the silo
    /// starts; invalid ones stop it with an <see cref="Orleans.Runtime.OrleansConfigurationException"/> naming the setting.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The provider name used in <c>[PersistentState(stateName, name)]</c>.</param>
    /// <param name="configureOptions">Sets the connect string, timeouts and root path.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public static ISiloBuilder AddZooKeeperGrainStorage(this ISiloBuilder builder, string name, Action<ZooKeeperStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configureOptions);
        builder.Services.AddOptions<ZooKeeperStorageOptions>(name).Configure(configureOptions);
        builder.Services.AddTransient<IConfigurationValidator>(sp => new ZooKeeperOptionsValidator(
            $"ZooKeeper grain storage '{name}'",
            sp.GetRequiredService<IOptionsMonitor<ZooKeeperStorageOptions>>().Get(name).Validate));
        builder.Services.AddGrainStorage(name, static (sp, providerName) => ActivatorUtilities.CreateInstance<ZooKeeperGrainStorage>(
            sp,
            providerName,
            sp.GetRequiredService<IOptionsMonitor<ZooKeeperStorageOptions>>().Get(providerName)));
        return builder;
    }

    /// <summary>Adds a <see cref="ZooKeeperGrainStorage"/> as the default grain storage (see <see cref="AddZooKeeperGrainStorage"/>).</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Sets the connect string, timeouts and root path.</param>
    /// <returns>The builder.</returns>
    public static ISiloBuilder AddZooKeeperGrainStorageAsDefault(this ISiloBuilder builder, Action<ZooKeeperStorageOptions> configureOptions) =>
        builder.AddZooKeeperGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);
}
