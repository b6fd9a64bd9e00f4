namespace Orleans.Coord.Tests.BackendSecurity;

/// <summary>
/// One real PostgreSQL server that takes TCP connections over TLS only, with password authentication (certificates
/// made by the test), and a 1-silo TestingHost cluster on it through
/// <c>postgresql://user:password@host:port/db?sslmode=verify-full&amp;sslrootcert=ca.pem</c>.
/// </summary>
public sealed class PostgresTlsFixture : SecuredBackendFixture<PostgresTlsFixture>
{
    public TestCertificates Certificates { get; } = new();

    public PostgresServer Server { get; private set; } = null!;

    public override string Url => UrlWith(PostgresServer.Password, $"sslmode=verify-full&sslrootcert={Uri.EscapeDataString(Certificates.CaPath)}");

    public string UrlWith(string password, string query) =>
        $"postgresql://{PostgresServer.UserName}:{Uri.EscapeDataString(password)}@{Server.Host}:{Server.Port}/{PostgresServer.Database}?{query}";

    protected override async Task StartServerAsync() =>
        Server = await PostgresServer.StartAsync(options: new PostgresServerOptions { Tls = Certificates });

    protected override async ValueTask StopServerAsync()
    {
        await Server.DisposeAsync();
        Certificates.Dispose();
    }
}
