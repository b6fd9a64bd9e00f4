using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Coord.ZooKeeper.Clustering;
using Orleans.Coord.ZooKeeper.Options;
using Orleans.Hosting;
using Orleans.Messaging;

namespace Orleans.Coord.ZooKeeper.Hosting;

/// <summary>Registers ZooKeeper gateway discovery on an Orleans client.</summary>
public static class ZooKeeperClientBuilderExtensions
{
    /// <summary>
    /// Uses <see cref="ZooKeeperGatewayListProvider"/> to find the cluster's gateways in the membership table kept by
    /// silos using <see cref="ZooKeeperSiloBuilderExtensions.UseZooKeeperClustering"/> (same connect string and cluster id).
    /// The options are checked when the client starts; invalid ones stop it with an
    /// <see cref="Orleans.Runtime.OrleansConfigurationException"/> naming the setting.
    /// </summary>
    /// <param name="builder">The client builder.</param>
    /// <param name="configureOptions">Sets the connect string and timeouts.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IClientBuilder UseZooKeeperClustering(this IClientBuilder builder, Action<ZooKeeperClusteringOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        builder.Services.Configure(configureOptions);
        builder.Services.AddSingleton<IGatewayListProvider, ZooKeeperGatewayListProvider>();
        builder.Services.AddTransient<IConfigurationValidator>(sp => new ZooKeeperOptionsValidator(
            "ZooKeeper gateway list provider",
            sp.GetRequiredService<IOptions<ZooKeeperClusteringOptions>>().Value.Validate));
        return builder;
    }
}
