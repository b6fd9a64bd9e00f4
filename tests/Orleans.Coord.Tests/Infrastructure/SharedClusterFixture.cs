using Orleans.Coord.Testing;
using Orleans.Coord.Tests.Conformance;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.Infrastructure;

/// <summary>One 3-silo localhost cluster (in-process storage that survives silo loss) shared by the "cluster" collection.</summary>
public sealed class SharedClusterFixture : ClusterFixture
{
    public override string Backend => "localhost (TestingHost, in-process storage)";

    protected override Task<int> PrepareAsync(Action<IAsyncDisposable> own) => Task.FromResult(3);

    protected override void Configure(TestClusterBuilder builder) => builder.AddCoordination();
}

[CollectionDefinition(Name)]
public sealed class SharedClusterCollection : ICollectionFixture<SharedClusterFixture>
{
    public const string Name = "cluster";
}
