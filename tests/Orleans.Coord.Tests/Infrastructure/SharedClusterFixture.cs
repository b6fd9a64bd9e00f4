namespace Orleans.Coord.Tests.Infrastructure;

/// <summary>One 3-silo cluster shared by the tests of the "cluster" collection.</summary>
public sealed class SharedClusterFixture : IAsyncLifetime
{
    public CoordCluster Coord { get; private set; } = null!;

    public IClusterClient[] ClientsBySilo { get; private set; } = [];

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
