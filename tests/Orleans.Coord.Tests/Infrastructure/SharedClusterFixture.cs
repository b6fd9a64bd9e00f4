namespace Orleans.Coord.Tests.Infrastructure;

/// <summary>One 3-silo cluster shared by the tests of the "cluster" collection.</summary>
public sealed class SharedClusterFixture : IAsyncLifetime, Conformance.IConformanceCluster
{
    public CoordCluster Coord { get; private set; } = null!;

    public IClusterClient[] ClientsBySilo { get; private set; } = [];

    public string Backend => "localhost (TestingHost, in-process storage)";

    public IClusterClient ClientOnSilo(int index) => ClientsBySilo[index % ClientsBySilo.Length];

    public Task<Microsoft.Extensions.Hosting.IHost> StartDisposableClientAsync(int index) =>
        Coord.StartClientHostAsync(Coord.Cluster.Silos[index % Coord.Cluster.Silos.Count].GatewayAddress.Endpoint);

    public async Task InitializeAsync()
    {
        Coord = await CoordCluster.StartAsync();
        ClientsBySilo = await Task.WhenAll(Enumerable.Range(0, 3).Select(Coord.ClientOnSiloAsync));
    }

    public async Task DisposeAsync() => await Coord.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedClusterCollection : ICollectionFixture<SharedClusterFixture>
{
    public const string Name = "cluster";
}
