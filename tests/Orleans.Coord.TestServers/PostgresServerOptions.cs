namespace Orleans.Coord.TestServers;

/// <summary>How a test <see cref="PostgresServer"/> guards its port. The default is plain TCP with trust authentication.</summary>
public sealed record PostgresServerOptions
{
    /// <summary>
    /// When set, the server has <c>ssl=on</c> with the silo (server) certificate of these test certificates, and its
    /// <c>pg_hba.conf</c> takes TCP connections only over TLS (<c>hostssl</c>), <see cref="PostgresServer.UserName"/>'s with
    /// its password (<c>scram-sha-256</c>); a connection without TLS is refused.
    /// </summary>
    public TestCertificates? Tls { get; init; }
}
