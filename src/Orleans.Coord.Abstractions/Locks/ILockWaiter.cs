using Orleans.Concurrency;

namespace Orleans.Coord.Locks;

/// <summary>
/// The client-side observer a session registers with lock, semaphore and reader-writer lock grains. Calls are one-way
/// pushes: the grain never waits for the client, and a lost push is recovered by the client's bounded status re-checks.
/// </summary>
public interface ILockWaiter : IGrainObserver
{
    /// <summary>The queued request <paramref name="requestId"/> at grain <paramref name="lockGrain"/> was granted with <paramref name="token"/>.</summary>
    [OneWay]
    Task Granted(GrainId lockGrain, Guid requestId, long token);

    /// <summary>
    /// The grant <paramref name="token"/> at grain <paramref name="lockGrain"/> ended without the holder releasing it:
    /// it was broken, or its session was stopped or expired.
    /// </summary>
    [OneWay]
    Task Lost(GrainId lockGrain, long token, string reason);
}
