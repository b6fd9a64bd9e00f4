using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Client;
using Orleans.Coord.Tests.Conformance;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.BackendSecurity;

/// <summary>
/// One real backend server that asks for TLS and/or credentials, started by the subclass, and a 1-silo TestingHost
/// cluster on it through <see cref="Url"/>; the silo's log lines are kept in <see cref="Logs"/> (one collection per
/// fixture type), so that a test can show that no secret reaches them.
/// </summary>
/// <typeparam name="TSelf">The fixture itself.</typeparam>
public abstract class SecuredBackendFixture<TSelf> : IAsyncLifetime
    where TSelf : SecuredBackendFixture<TSelf>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    /// <summary>The log lines of the fixture's silo.</summary>
    public static LogLines Logs { get; } = new();

    /// <summary>The cluster on the server.</summary>
    public CoordCluster Cluster { get; private set; } = null!;

    /// <summary>The backend URL with the credentials and TLS options the server asks for.</summary>
    public abstract string Url { get; }

    public async Task InitializeAsync()
    {
        await StartServerAsync();
        Cluster = await CoordCluster.StartAsync(silos: 1, configure: builder =>
        {
            BackendConfigurators.Apply(builder, Url);
            builder.AddSiloBuilderConfigurator<KeepLogs>();
        });
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await StopServerAsync();
    }

    /// <summary>A session of <paramref name="memberId"/> takes and releases a lock, and joins a group, through the cluster.</summary>
    public async Task AssertLocksAndGroupsWorkAsync(string memberId)
    {
        await using var coordinator = await Coordinator.StartAsync(Cluster.Cluster.Client, memberId);
        var name = $"{memberId}-{Guid.NewGuid():N}";
        await using (var held = await coordinator.Locks.TryAcquireAsync(name, Long))
        {
            Assert.NotNull(held);
        }

        await coordinator.Groups.JoinOrCreateAsync(name);
        Assert.Equal(memberId, Assert.Single(await coordinator.Groups.GetMembersAsync(name)).MemberId);
    }

    /// <summary>Starts the server (and whatever it needs, such as certificates).</summary>
    protected abstract Task StartServerAsync();

    /// <summary>Stops the server and deletes what it needed.</summary>
    protected abstract ValueTask StopServerAsync();

    private sealed class KeepLogs : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.Services.AddSingleton<ILoggerProvider>(Logs);
    }
}
