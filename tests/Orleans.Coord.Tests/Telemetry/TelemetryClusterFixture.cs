using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Client;
using Orleans.Coord.Telemetry;
using Orleans.Coord.Testing;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.Telemetry;

/// <summary>
/// One in-process TestingHost silo (shared in-process storage, tagged <c>memory</c>) and its client, with names on the
/// metrics (<see cref="CoordTelemetryOptions.IncludeNames"/>) so that each test counts only its own locks and groups,
/// and with Orleans' activity propagation on both sides.
/// </summary>
public sealed class TelemetryClusterFixture : IAsyncLifetime
{
    public CoordCluster Coord { get; private set; } = null!;

    public IClusterClient Client => Coord.Cluster.Client;

    /// <summary>The silo's services.</summary>
    public IServiceProvider Silo => ((InProcessSiloHandle)Coord.Cluster.Primary!).SiloHost.Services;

    public Task<ICoordinator> StartAsync(string memberId, CoordinatorOptions? options = null) => Coordinator.StartAsync(Client, memberId, options);

    /// <summary>Captures the measurements of the silo and of the client.</summary>
    public MeterCapture Capture() => new(Silo, Client.ServiceProvider);

    public async Task InitializeAsync() =>
        Coord = await CoordCluster.StartAsync(1, builder =>
        {
            builder.AddCoordination();
            builder.AddSiloBuilderConfigurator<TracedSilo>();
            builder.AddClientBuilderConfigurator<TracedClient>();
        });

    public async Task DisposeAsync() => await Coord.DisposeAsync();

    private sealed class TracedSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddActivityPropagation();
            siloBuilder.Services.Configure<CoordTelemetryOptions>(o => o.IncludeNames = true);
        }
    }

    private sealed class TracedClient : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.AddActivityPropagation();
            clientBuilder.Services.Configure<CoordTelemetryOptions>(o => o.IncludeNames = true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TelemetryCollection : ICollectionFixture<TelemetryClusterFixture>
{
    public const string Name = "telemetry";
}
