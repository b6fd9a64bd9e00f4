using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Telemetry;
using Orleans.Coord.Client;
using Orleans.Hosting;

namespace Orleans.Coord.ZooKeeper.Hosting;

/// <summary>Puts an Orleans.Coord silo or cluster client on ZooKeeper.</summary>
public static class ZooKeeperCoordBackendExtensions
{
    private const string TlsOption = "tls";
    private const string TlsCaFileOption = "tlsCaFile";

    /// <summary>
    /// Keeps the silo's clustering (membership table and gateway list), coordination state and stream pub-sub store in
    /// znodes under the chroot of <paramref name="url"/> (<c>zookeeper://[user:password@]host:port[,host:port][/chroot]</c>).
    /// With a user and password the silo authenticates with ZooKeeper's digest scheme and creates every node (chroot
    /// included) with all rights for that identity alone, so that other ZooKeeper users can neither read nor change
    /// them. With <c>?tls=true</c> the silo connects to the servers' secure client port over TLS, trusting the machine's
    /// roots, or with <c>?tlsCaFile=/path/ca.pem</c> (which turns TLS on too) only the CAs of that PEM file (see
    /// <see cref="ZooKeeperTlsOptions"/>). ZooKeeper
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
        var tls = TlsOf(url);
        builder.Services.Configure<CoordTelemetryOptions>(o => o.Backend = "zookeeper");
        builder.UseZooKeeperClustering(o => (o.ConnectString, o.DigestCredentials, o.Tls) = (connectString, digest, tls));
        builder.AddZooKeeperGrainStorage(CoordConstants.StorageName, o => (o.ConnectString, o.DigestCredentials, o.Tls) = (connectString, digest, tls));
        builder.AddZooKeeperGrainStorage(CoordConstants.PubSubStoreName, o => (o.ConnectString, o.DigestCredentials, o.Tls) = (connectString, digest, tls));
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
        var tls = TlsOf(url);
        return builder.UseZooKeeperClustering(o => (o.ConnectString, o.DigestCredentials, o.Tls) = (connectString, digest, tls)).AddCoordStreams();
    }

    /// <summary>The digest credentials (<c>user:password</c>) of a ZooKeeper backend URL, or null when it has no password.</summary>
    internal static string? DigestOf(BackendUrl url) => url.Password is null ? null : $"{url.User}:{url.Password}";

    /// <summary>
    /// The TLS settings of a ZooKeeper backend URL: null when it has neither <c>tls=true</c> (<c>ssl=true</c> is accepted
    /// too) nor <c>tlsCaFile=</c> (or <c>sslCaFile=</c>), whose value is the URL-escaped path of a PEM CA file.
    /// </summary>
    /// <exception cref="ArgumentException"><c>tls</c> is neither true nor false.</exception>
    internal static ZooKeeperTlsOptions? TlsOf(BackendUrl url)
    {
        ArgumentNullException.ThrowIfNull(url);
        bool? tls = null;
        string? caFile = null;
        foreach (var option in url.Query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = option.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? option : option[..eq];
            var value = eq < 0 ? "" : Uri.UnescapeDataString(option[(eq + 1)..]);
            if (name.Equals(TlsOption, StringComparison.OrdinalIgnoreCase) || name.Equals("ssl", StringComparison.OrdinalIgnoreCase))
            {
                tls = bool.TryParse(value, out var on) ? on : throw new ArgumentException($"The ZooKeeper URL option '{name}' must be true or false, not '{value}'.", nameof(url));
            }
            else if (name.Equals(TlsCaFileOption, StringComparison.OrdinalIgnoreCase) || name.Equals("sslCaFile", StringComparison.OrdinalIgnoreCase))
            {
                caFile = value.Length > 0 ? value : throw new ArgumentException($"The ZooKeeper URL option '{name}' needs the path of a PEM CA file.", nameof(url));
            }
        }

        if (tls == false && caFile is not null)
        {
            throw new ArgumentException($"The ZooKeeper URL names a CA file ({TlsCaFileOption}) but turns TLS off ({TlsOption}=false).", nameof(url));
        }

        return tls == true || caFile is not null ? new ZooKeeperTlsOptions { CaFile = caFile } : null;
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
