namespace Orleans.Coord.TestServers;

/// <summary>How a test <see cref="MariaDbServer"/> guards its port. The default is plain TCP with the user's password.</summary>
public sealed record MariaDbServerOptions
{
    /// <summary>
    /// When set, the server takes TLS connections with the silo (server) certificate and CA of these test certificates
    /// (<c>--ssl-cert</c>, <c>--ssl-key</c>, <c>--ssl-ca</c>), and <see cref="MariaDbServer.UserName"/> is created
    /// <c>REQUIRE SSL</c>: its connections without TLS are refused.
    /// </summary>
    public TestCertificates? Tls { get; init; }
}
