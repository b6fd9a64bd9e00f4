namespace Orleans.Coord.TestServers;

/// <summary>
/// How a test <see cref="RedisServer"/> guards its port. The default (no certificates, no user) is plain TCP without
/// authentication.
/// </summary>
public sealed record RedisServerOptions
{
    /// <summary>
    /// When set, the server listens only with TLS (<c>--port 0 --tls-port</c>), with the silo (server) certificate and
    /// CA of these test certificates; clients need not present a certificate.
    /// </summary>
    public TestCertificates? Tls { get; init; }

    /// <summary>When set with <see cref="Password"/>, the only user (an ACL user with every right); the default user is off.</summary>
    public string? User { get; init; }

    /// <summary>The password of <see cref="User"/>, or without a user the server's <c>requirepass</c>.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// Whether every write is appended to a file and fsynced before it is answered (<c>--appendonly yes --appendfsync
    /// always</c>), so that <see cref="TestServer.RestartAsync"/> after a kill keeps every acknowledged write.
    /// </summary>
    public bool Durable { get; init; }
}
