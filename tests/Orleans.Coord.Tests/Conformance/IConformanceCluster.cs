namespace Orleans.Coord.Tests.Conformance;

/// <summary>What the conformance suites need of a cluster: clients pinned to each silo, and the backend's name.</summary>
public interface IConformanceCluster
{
    string Backend { get; }

    /// <summary>A client whose gateway is silo <c>index % silo count</c>.</summary>
    IClusterClient ClientOnSilo(int index);

    /// <summary>Starts a client host on silo <c>index % silo count</c> that a test may tear down as if its process died.</summary>
    Task<Microsoft.Extensions.Hosting.IHost> StartDisposableClientAsync(int index);

    /// <summary>
    /// A second cluster on the same backend whose silos keep a lock whose holder expired ungranted for
    /// <see cref="ConformanceTests.LockDelay"/>; started on first use and stopped with this one.
    /// </summary>
    Task<IConformanceCluster> LockDelayClusterAsync();
}
