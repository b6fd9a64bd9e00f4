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

    /// <summary>
    /// Whether a commit is answered only once its write-ahead log is flushed (<c>synchronous_commit=on</c>,
    /// <c>fsync=on</c>, <c>full_page_writes=on</c>: the server's defaults), so that <see cref="TestServer.RestartAsync"/>
    /// after a kill keeps every acknowledged write. Without it the server runs with all three off, fast for tests that
    /// never kill it: with <c>synchronous_commit=off</c> a killed server loses the commits of its last moments, which it
    /// had already acknowledged.
    /// </summary>
    public bool Durable { get; init; }
}
