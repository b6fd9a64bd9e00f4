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
    /// znodes under the chroot of <paramref name="url"/> (<c>zookeeper://[user:password@]host:port[,host:port][/chroot]</c>).
    /// With a user and password the silo authenticates with ZooKeeper's digest scheme and creates every node (chroot
    /// included) with all rights for that identity alone, so that other ZooKeeper users can neither read nor change
    /// them. ZooKeeper
    /// has no Orleans reminder provider, so the lease backstop reminders are kept in memory: after the loss of the silo
    /// holding the reminder table, a session whose client also died expires when something next touches its session
    /// grain rather than on the backstop tick. Add the grains with <c>AddCoordination()</c> (Orleans.Coord.Server).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not a ZooKeeper URL.</exception>
    public static ISiloBuilder UseCoordZooKeeper(this ISiloBuilder builder, BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectString = ConnectStringOf(url);
        var digest = DigestOf(url);
        builder.Services.Configure<CoordTelemetryOptions>(o => o.Backend = "zookeeper");
        builder.UseZooKeeperClustering(o => (o.ConnectString, o.DigestCredentials) = (connectString, digest));
        builder.AddZooKeeperGrainStorage(CoordConstants.StorageName, o => (o.ConnectString, o.DigestCredentials) = (connectString, digest));
        builder.AddZooKeeperGrainStorage(CoordConstants.PubSubStoreName, o => (o.ConnectString, o.DigestCredentials) = (connectString, digest));
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
        var digest = DigestOf(url);
        return builder.UseZooKeeperClustering(o => (o.ConnectString, o.DigestCredentials) = (connectString, digest)).AddCoordStreams();
    }

    /// <summary>The digest credentials (<c>user:password</c>) of a ZooKeeper backend URL, or null when it has no password.</summary>
    internal static string? DigestOf(BackendUrl url) => url.Password is null ? null : $"{url.User}:{url.Password}";

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
