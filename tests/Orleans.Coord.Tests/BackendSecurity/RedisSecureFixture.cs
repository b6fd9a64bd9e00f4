using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Tests.Conformance;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.BackendSecurity;

/// <summary>
/// One real redis-server that takes TLS connections only (certificates made by the test) and one ACL user with a
/// password (the default user is off), and a 1-silo TestingHost cluster on it through <c>rediss://user:password@...</c>;
/// the silo's log lines are kept.
/// </summary>
public sealed class RedisSecureFixture : IAsyncLifetime
{
    public const string User = "coord";
    public const string Password = "redis-Secret-7x";

    public TestCertificates Certificates { get; } = new();

    public RedisServer Server { get; private set; } = null!;

    public CoordCluster Cluster { get; private set; } = null!;

    public static LogLines Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Server = await RedisServer.StartAsync(options: new RedisServerOptions { Tls = Certificates, User = User, Password = Password });
        Cluster = await CoordCluster.StartAsync(silos: 1, configure: builder =>
        {
            BackendConfigurators.Apply(builder, Server.Url);
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
