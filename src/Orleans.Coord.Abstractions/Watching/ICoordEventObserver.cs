using Orleans.Concurrency;

namespace Orleans.Coord.Watching;

/// <summary>
/// A watcher's push endpoint: a group or election grain calls it one-way with each event right after the change is
/// persisted, next to publishing the event on the stream. Pushes are a fast path only: one may be lost (a silo died,
/// the lease lapsed), so watchers still read the stream and detect version gaps; an event that arrives by both paths
/// is seen once because watchers drop versions they have already passed.
/// </summary>
/// <typeparam name="TEvent">The event type: <see cref="Groups.GroupEvent"/> or <see cref="Elections.ElectionEvent"/>.</typeparam>
public interface ICoordEventObserver<TEvent> : IGrainObserver
{
    /// <summary>One event, in the order the grain produced it.</summary>
    [OneWay]
    Task OnEvent(TEvent e);
}
