using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Coord.ZooKeeper.Clustering;
using Orleans.Coord.ZooKeeper.Hosting;
using Orleans.Coord.ZooKeeper.Options;
using Orleans.Coord.ZooKeeper.Tests.Infrastructure;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;
using Xunit;

namespace Orleans.Coord.ZooKeeper.Tests.OrleansIntegration;

/// <summary>A two-silo in-process Orleans cluster whose membership table and grain storage are in ZooKeeper.</summary>
[Collection(StandaloneServerCollection.Name)]
public sealed class ZooKeeperClusterTests(StandaloneServerFixture fixture) : IAsyncLifetime
{
    public const string StorageName = "zk";
    private const string ConnectStringKey = "ZooKeeperTests:ConnectString";
    private readonly string _chroot = "/cl-" + Guid.NewGuid().ToString("N")[..10];
    private TestCluster _cluster = null!;
    private ZooKeeperMembershipTable _table = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.Options.UseTestClusterMembership = false;
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ConnectStringKey] = fixture.ConnectString + _chroot,
        }));
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync().WaitAsync(TimeSpan.FromSeconds(90));

        _table = new ZooKeeperMembershipTable(
            Microsoft.Extensions.Options.Options.Create(new ZooKeeperClusteringOptions { ConnectString = fixture.ConnectString + _chroot }),
            Microsoft.Extensions.Options.Options.Create(new ClusterOptions { ClusterId = _cluster.Options.ClusterId, ServiceId = _cluster.Options.ServiceId }),
            NullLogger<ZooKeeperMembershipTable>.Instance);
        await _table.InitializeMembershipTable(false);
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
        await _table.DeleteMembershipTableEntries(_cluster.Options.ClusterId);
        await _table.DisposeAsync();
        await using var plain = await fixture.ConnectAsync();
        await DeleteTreeAsync(plain, _chroot);
    }

    [Fact]
    public async Task Cluster_uses_ZooKeeper_membership_and_storage_and_survives_stopping_a_silo()
    {
        var silos = _cluster.Silos.Select(s => s.SiloAddress).ToList();
        await WaitForActiveSilosAsync(silos, "both silos are Active in the ZooKeeper table");
        var management = _cluster.Client.GetGrain<IManagementGrain>(0);
        await Poll.UntilAsync(
            async () => (await management.GetHosts(onlyActive: true)).Count == 2,
            TimeSpan.FromSeconds(30),
            "the silos see each other as Active");

        var grains = Enumerable.Range(0, 20).Select(i => _cluster.Client.GetGrain<ICounterGrain>("counter-" + i)).ToList();
        var hosts = new HashSet<string>();
        foreach (var grain in grains)
        {
            Assert.Equal(1, await grain.Increment());
            hosts.Add(await grain.GetSiloAddress());
        }

        Assert.Equal(2, hosts.Count); // random placement used both silos, so some state must move

        var survivor = _cluster.Silos[0];
        var stopped = _cluster.Silos[1];
        await _cluster.StopSiloAsync(stopped);

        await Poll.UntilAsync(
            async () => (await _table.ReadRow(stopped.SiloAddress)).Members.SingleOrDefault()?.Item1.Status == SiloStatus.Dead,
            TimeSpan.FromSeconds(30),
            "the stopped silo is Dead in the ZooKeeper table");
        await WaitForActiveSilosAsync([survivor.SiloAddress], "only the primary silo is Active");

        foreach (var grain in grains)
        {
            Assert.Equal(2, await grain.Increment());
            Assert.Equal(survivor.SiloAddress.ToString(), await grain.GetSiloAddress());
        }

        await using var plain = await fixture.ConnectAsync();
        var stateNodes = await plain.GetChildrenAsync($"{_chroot}{ZooKeeperStorageOptions.DefaultRootPath}/{_cluster.Options.ServiceId}");
        Assert.Equal(grains.Count, stateNodes.Children.Count);
    }

    private async Task WaitForActiveSilosAsync(IReadOnlyCollection<SiloAddress> expected, string description)
    {
        await Poll.UntilAsync(
            async () =>
            {
                var active = (await _table.ReadAll()).Members
                    .Where(m => m.Item1.Status == SiloStatus.Active)
                    .Select(m => m.Item1.SiloAddress)
                    .ToHashSet();
                return active.SetEquals(expected);
            },
            TimeSpan.FromSeconds(30),
            description);
    }

    private static async Task DeleteTreeAsync(ZooKeeperClient client, string path)
    {
        ZooKeeperChildren children;
        try
        {
            children = await client.GetChildrenAsync(path);
        }
        catch (NoNodeException)
        {
            return;
        }

        foreach (var child in children.Children)
        {
            await DeleteTreeAsync(client, path + "/" + child);
        }

        await client.DeleteAsync(path);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var connectString = siloBuilder.Configuration[ConnectStringKey]!;
            siloBuilder
                .UseZooKeeperClustering(o => o.ConnectString = connectString)
                .AddZooKeeperGrainStorage(StorageName, o => o.ConnectString = connectString);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder
                .UseZooKeeperClustering(o => o.ConnectString = configuration[ConnectStringKey]!)
                .Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        }
    }
}
