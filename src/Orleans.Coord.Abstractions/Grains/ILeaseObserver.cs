using Orleans.Concurrency;

namespace Orleans.Coord.Grains;

/// <summary>
/// The client-side observer a session registers with the grains that grant leases: locks, semaphores, reader-writer
/// locks and elections. Calls are one-way pushes: the grain never waits for the client, and a lost push is recovered
/// by the client's bounded status re-checks.
/// </summary>
public interface ILeaseObserver : IGrainObserver
{
    /// <summary>
    /// The waiting request <paramref name="requestId"/> at grain <paramref name="grain"/> was granted with
    /// <paramref name="token"/> (a fencing token, or an election's term). A client that no longer waits for that request
    /// gives the grant back (<see cref="ILeaseGrain.WithdrawAsync"/>).
    /// </summary>
    [OneWay]
    Task Granted(GrainId grain, Guid requestId, long token);

    /// <summary>
    /// The grant <paramref name="token"/> of request <paramref name="requestId"/> at grain <paramref name="grain"/>
    /// ended without its holder releasing it: it was broken, its session was stopped or expired, or (an election tied to
    /// a group) the leader left the group. <paramref name="reason"/> says which, in the words of the grain's events.
    /// </summary>
    [OneWay]
    Task Lost(GrainId grain, Guid requestId, long token, string reason);
}
