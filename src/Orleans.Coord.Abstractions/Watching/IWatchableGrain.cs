namespace Orleans.Coord.Watching;

/// <summary>A grain whose events can be pushed to watchers' observers (see <see cref="ICoordEventObserver{TEvent}"/>).</summary>
/// <typeparam name="TEvent">The event type the grain pushes.</typeparam>
public interface IWatchableGrain<TEvent> : IGrainWithStringKey
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
}
