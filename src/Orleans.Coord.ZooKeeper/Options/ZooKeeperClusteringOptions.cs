namespace Orleans.Coord.ZooKeeper.Options;

/// <summary>
/// Settings of the ZooKeeper membership table (silos) and gateway list provider (clients). The cluster's data lives
/// under <c>/&lt;ClusterId&gt;</c> relative to the connect string's chroot; the chroot is created when missing.
/// </summary>
public sealed class ZooKeeperClusteringOptions
{
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

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">The connect string is missing or malformed (the parameter name is <c>ConnectString</c>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timeout is outside its range; the message names the setting and the range.</exception>
    public void Validate() =>
        ZooKeeperOptionsValidation.ValidateConnection(nameof(ZooKeeperClusteringOptions), ConnectString, SessionTimeout, ConnectTimeout, DigestCredentials, Tls);

    internal ZooKeeperClientOptions ToClientOptions() =>
        ZooKeeperOptionsValidation.ToClientOptions(ConnectString, SessionTimeout, ConnectTimeout, DigestCredentials, Tls);
}
