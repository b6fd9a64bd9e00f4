using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>
/// The contract every backend must keep: one suite per primitive (groups, watches, sessions, locks and their leases,
/// semaphores, reader-writer locks, lock-delay, elections and their leases, partitioning), each a part of this class,
/// run unchanged on every backend that ConformanceMatrix.cs declares.
/// </summary>
public abstract partial class ConformanceTests(IConformanceCluster cluster)
{
    /// <summary>The lock-delay of the backend's second cluster (<see cref="IConformanceCluster.LockDelayClusterAsync"/>).</summary>
    public static readonly TimeSpan LockDelay = TimeSpan.FromSeconds(3);

    /// <summary>How long a test waits for a condition that should hold within moments.</summary>
    protected static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    /// <summary>Session options with every default.</summary>
    protected static readonly CoordinatorOptions Defaults = new();

    /// <summary>The cluster under test.</summary>
    protected IConformanceCluster Cluster { get; } = cluster;

    /// <summary>A name no other test uses.</summary>
    protected static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
