using Orleans.Concurrency;

namespace Orleans.Coord.Watching;

/// <summary>
/// A grain whose changes can be watched: a snapshot at a version, then every event with a higher version, pushed to
/// watchers' observers (see <see cref="ICoordEventObserver{TEvent}"/>) and published on the grain's stream.
/// </summary>
/// <typeparam name="TEvent">The event type the grain pushes and publishes.</typeparam>
/// <typeparam name="TSnapshot">The snapshot type a watch starts from and resynchronises with.</typeparam>
public interface IWatchableGrain<TEvent, TSnapshot> : IGrainWithStringKey
{
    /// <summary>
    /// Registers <paramref name="watcher"/> for pushes, or renews its registration, for <paramref name="lease"/>; a
    /// registration not renewed within its lease is dropped (its watcher may be gone). The registration lives in the
    /// grain's memory only: after the grain moves, the next renewal registers again. Returns the grain's current event
    /// version (-1 for a group that does not exist), which the watcher compares with its own to notice lost events.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lease"/> is not positive or exceeds <see cref="PushLease.Max"/>.</exception>
    Task<long> WatchAsync(ICoordEventObserver<TEvent> watcher, TimeSpan lease);

    /// <summary>Ends the registration of <paramref name="watcher"/>; nothing happens when it is not registered.</summary>
    Task UnwatchAsync(ICoordEventObserver<TEvent> watcher);

    /// <summary>The current state at its version; every later event has a higher version.</summary>
    [ReadOnly]
    Task<TSnapshot> GetSnapshotAsync();

    /// <summary>The current event version (-1 for a group that does not exist).</summary>
    [ReadOnly]
    Task<long> GetVersionAsync();
}
