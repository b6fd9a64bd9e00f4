using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Telemetry;
using Orleans.Coord.Client;
using Orleans.Hosting;

namespace Orleans.Coord.ZooKeeper.Hosting;

/// <summary>Puts an Orleans.Coord silo or cluster client on ZooKeeper.</summary>
public static class ZooKeeperCoordBackendExtensions
{
    /// <summary>
    /// Keeps the silo's clustering (membership table and gateway list), coordination state and stream pub-sub store in
    /// znodes under the chroot of <paramref name="url"/> (<c>zookeeper://host:port[,host:port][/chroot]</c>). ZooKeeper
    /// has no Orleans reminder provider, so the lease backstop reminders are kept in memory: after the loss of the silo
    /// holding the reminder table, a session whose client also died expires when something next touches its session
    /// grain rather than on the backstop tick. Add the grains with <c>AddCoordination()</c> (Orleans.Coord.Server).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a ZooKeeper URL.</exception>
    public static ISiloBuilder UseCoordZooKeeper(this ISiloBuilder builder, BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectString = ConnectStringOf(url);
        builder.Services.Configure<CoordTelemetryOptions>(o => o.Backend = "zookeeper");
        builder.UseZooKeeperClustering(o => o.ConnectString = connectString);
        builder.AddZooKeeperGrainStorage(CoordConstants.StorageName, o => o.ConnectString = connectString);
        builder.AddZooKeeperGrainStorage(CoordConstants.PubSubStoreName, o => o.ConnectString = connectString);
        return builder.UseInMemoryReminderService();
    }

    /// <summary>
    /// Finds the cluster's gateways in the ZooKeeper membership table under the chroot of <paramref name="url"/> and adds
    /// the coordination streams (<see cref="CoordClientBuilderExtensions.AddCoordStreams"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a ZooKeeper URL.</exception>
    public static IClientBuilder UseCoordZooKeeper(this IClientBuilder builder, BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectString = ConnectStringOf(url);
        return builder.UseZooKeeperClustering(o => o.ConnectString = connectString).AddCoordStreams();
    }

    /// <summary>The connect string (<c>host:port[,host:port][/chroot]</c>) of a ZooKeeper backend URL.</summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a ZooKeeper URL.</exception>
    internal static string ConnectStringOf(BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Kind != BackendKind.ZooKeeper)
        {
            throw new ArgumentException($"Backend URL '{url}' is not a ZooKeeper URL (zookeeper://host:port[,host:port][/chroot]).", nameof(url));
        }

        return url.HostList + (url.Path.Length > 0 ? "/" + url.Path : "");
    }
}
