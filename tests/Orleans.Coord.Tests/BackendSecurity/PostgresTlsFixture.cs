using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Tests.Conformance;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.BackendSecurity;

/// <summary>
/// One real PostgreSQL server that takes TCP connections over TLS only, with password authentication (certificates
/// made by the test), and a 1-silo TestingHost cluster on it through
/// <c>postgresql://user:password@host:port/db?sslmode=verify-full&amp;sslrootcert=ca.pem</c>; the silo's log lines are kept.
/// </summary>
public sealed class PostgresTlsFixture : IAsyncLifetime
{
    public TestCertificates Certificates { get; } = new();

    public PostgresServer Server { get; private set; } = null!;

    public CoordCluster Cluster { get; private set; } = null!;

    public static LogLines Logs { get; } = new();

    public string Url => UrlWith(PostgresServer.Password, $"sslmode=verify-full&sslrootcert={Uri.EscapeDataString(Certificates.CaPath)}");

    public string UrlWith(string password, string query) =>
        $"postgresql://{PostgresServer.UserName}:{Uri.EscapeDataString(password)}@{Server.Host}:{Server.Port}/{PostgresServer.Database}?{query}";

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.StartAsync(options: new PostgresServerOptions { Tls = Certificates });
        Cluster = await CoordCluster.StartAsync(silos: 1, configure: builder =>
        {
            BackendConfigurators.Apply(builder, Url);
            builder.AddSiloBuilderConfigurator<KeepLogs>();
        });
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Server.DisposeAsync();
        Certificates.Dispose();
    }

    private sealed class KeepLogs : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.Services.AddSingleton<ILoggerProvider>(Logs);
    }
}
