using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Tests.Conformance;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.BackendSecurity;

/// <summary>
/// One real ZooKeeper server and a 1-silo TestingHost cluster on it through
/// <c>zookeeper://user:password@host:port/chroot</c> (digest authentication); the silo's log lines are kept.
/// </summary>
public sealed class ZooKeeperDigestFixture : IAsyncLifetime
{
    public const string User = "coord";
    public const string Password = "zk-Secret-9q";
    public const string Chroot = "/secure-coord";

    public ZooKeeperServerProcess Server { get; } = ZooKeeperServerProcess.CreateStandalone();

    public CoordCluster Cluster { get; private set; } = null!;

    public static LogLines Logs { get; } = new();

    public string Url => $"zookeeper://{User}:{Password}@{Server.Address}{Chroot}";

    public async Task InitializeAsync()
    {
        Server.Start();
        await Server.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
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
    }

    private sealed class KeepLogs : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.Services.AddSingleton<ILoggerProvider>(Logs);
    }
}
