using Orleans.Runtime;

namespace Orleans.Coord.ZooKeeper.Options;

/// <summary>
/// Settings of <see cref="Storage.ZooKeeperGrainStorage"/>. Each grain state is one node
/// <c>&lt;RootPath&gt;/&lt;ServiceId&gt;/&lt;state name&gt;~&lt;grain id&gt;</c> (names escaped), relative to the connect
/// string's chroot; the chroot, the root path and the service node are created when missing.
/// </summary>
public sealed class ZooKeeperStorageOptions
{
    /// <summary>The default <see cref="RootPath"/>.</summary>
    public const string DefaultRootPath = "/orleans-grain-state";

    /// <summary>The connect string, <c>host:port[,host:port...][/chroot]</c>. Required.</summary>
    public string ConnectString { get; set; } = string.Empty;

    /// <summary>
    /// Requested ZooKeeper session timeout (the server clamps it to its own bounds). It also bounds how long a call made
    /// while disconnected waits for a connection. Default 10 s; allowed 100 ms to 1 h.
    /// </summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// ZooKeeper digest credentials, <c>user:password</c>, or null for none: the client authenticates with them and
    /// creates every node for that identity alone (see <see cref="ZooKeeperClientOptions.DigestCredentials"/>). Never logged.
    /// </summary>
    public string? DigestCredentials { get; set; }

    /// <summary>TLS to the servers' secure client port, or null (the default) for plain TCP (see <see cref="ZooKeeperClientOptions.Tls"/>).</summary>
    public ZooKeeperTlsOptions? Tls { get; set; }

    /// <summary>How long opening a session may take before the operation fails with <see cref="ConnectionLossException"/>. Default 15 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The node under which grain state is kept (a valid absolute path other than "/"). Default <see cref="DefaultRootPath"/>.</summary>
    public string RootPath { get; set; } = DefaultRootPath;

    /// <summary>The silo lifecycle stage at which the provider connects. Default <see cref="ServiceLifecycleStage.ApplicationServices"/>.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">The connect string is missing or malformed, or <see cref="RootPath"/> is not a valid path other than "/".</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timeout is outside its range; the message names the setting and the range.</exception>
    public void Validate()
    {
        ZooKeeperOptionsValidation.ValidateConnection(nameof(ZooKeeperStorageOptions), ConnectString, SessionTimeout, ConnectTimeout, DigestCredentials, Tls);
        if (!ZooKeeperPath.IsValid(RootPath) || RootPath == ZooKeeperPath.Root)
        {
            throw new ArgumentException(
                $"{nameof(ZooKeeperStorageOptions)}.{nameof(RootPath)} '{RootPath}' must be an absolute node path other than '/' (e.g. '{DefaultRootPath}').",
                nameof(RootPath));
        }
    }

    internal ZooKeeperClientOptions ToClientOptions() =>
        ZooKeeperOptionsValidation.ToClientOptions(ConnectString, SessionTimeout, ConnectTimeout, DigestCredentials, Tls);
}
