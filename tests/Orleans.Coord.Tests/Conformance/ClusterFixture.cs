using Microsoft.Extensions.Hosting;
using Orleans.Coord.Server;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>
/// A TestingHost cluster on one backend, as the conformance suites see it: clients pinned to each silo, clients a
/// test may kill, and (started on first use) a second cluster on the same backend with a lock-delay.
/// </summary>
public abstract class ClusterFixture : IAsyncLifetime, IConformanceCluster
{
    private readonly List<IAsyncDisposable> _owned = [];
    private Task<ClusterFixture>? _lockDelay;
    private IClusterClient[] _clients = [];

    public CoordCluster Coord { get; private set; } = null!;

    public IClusterClient[] ClientsBySilo => _clients;

    public abstract string Backend { get; }

    public IClusterClient ClientOnSilo(int index) => _clients[index % _clients.Length];

    public Task<IHost> StartDisposableClientAsync(int index) =>
        Coord.StartClientHostAsync(Coord.Cluster.Silos[index % Coord.Cluster.Silos.Count].GatewayAddress.Endpoint);

    public async Task<IConformanceCluster> LockDelayClusterAsync()
    {
        lock (_owned)
        {
            _lockDelay ??= StartLockDelayClusterAsync();
        }

        return await _lockDelay;
    }

    public async Task InitializeAsync()
    {
        Coord = await CoordCluster.StartAsync(await PrepareAsync(_owned.Add), Configure);
        _clients = await Task.WhenAll(Enumerable.Range(0, Coord.Cluster.Silos.Count).Select(Coord.ClientOnSiloAsync));
    }

    public async Task DisposeAsync()
    {
        if (_lockDelay is not null)
        {
            await (await _lockDelay).DisposeAsync();
        }

        if (Coord is not null)
        {
            await Coord.DisposeAsync();
        }

        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    /// <summary>Starts what the cluster needs (a backend server, handed to <paramref name="own"/>); returns the silo count.</summary>
    protected abstract Task<int> PrepareAsync(Action<IAsyncDisposable> own);

    /// <summary>Configures the cluster's silos and clients for the backend.</summary>
    protected abstract void Configure(TestClusterBuilder builder);

    /// <summary>
    /// Prepares the lock-delay cluster (<see cref="LockDelayClusterAsync"/>): its silo count and its configuration. By
    /// default 2 silos configured as this cluster's; a backend whose storage one silo holds gives it storage of its own.
    /// </summary>
    protected virtual Task<(int Silos, Action<TestClusterBuilder> Configure)> PrepareLockDelayAsync(Action<IAsyncDisposable> own) =>
        Task.FromResult<(int, Action<TestClusterBuilder>)>((2, Configure));

    private async Task<ClusterFixture> StartLockDelayClusterAsync()
    {
        var delayed = new LockDelayCluster(this);
        await delayed.InitializeAsync();
        return delayed;
    }

    /// <summary>A second cluster on the same backend, its silos with <see cref="ConformanceTests.LockDelay"/>.</summary>
    private sealed class LockDelayCluster(ClusterFixture of) : ClusterFixture
    {
        private Action<TestClusterBuilder> _configure = _ => { };

        public override string Backend => $"{of.Backend}, lock-delay {ConformanceTests.LockDelay.TotalSeconds} s";

        protected override async Task<int> PrepareAsync(Action<IAsyncDisposable> own)
        {
            (var silos, _configure) = await of.PrepareLockDelayAsync(own);
            return silos;
        }

        protected override void Configure(TestClusterBuilder builder)
        {
            _configure(builder);
            builder.AddSiloBuilderConfigurator<LockDelayConfigurator>();
        }
    }

    private sealed class LockDelayConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.Configure<CoordLockOptions>(o => o.LockDelay = ConformanceTests.LockDelay);
    }
}
