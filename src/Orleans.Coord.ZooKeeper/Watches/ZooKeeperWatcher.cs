namespace Orleans.Coord.ZooKeeper;

/// <summary>
/// A one-shot watch callback, passed to exists, getData or getChildren. It is invoked at most once per registration,
/// on the client's single event dispatcher: callbacks (and <see cref="ZooKeeperClient.StateChanged"/> handlers) run one
/// at a time, in the order the server sent the events, and the next one starts only when the returned task completes.
/// Watches survive reconnects. When the session expires or the client is disposed, each pending watch gets one event
/// of type <see cref="WatchEventType.None"/>. Exceptions thrown by the callback are logged and ignored.
/// </summary>
/// <param name="watchedEvent">The event.</param>
/// <returns>A task the dispatcher awaits before delivering the next event.</returns>
public delegate Task ZooKeeperWatcher(WatchedEvent watchedEvent);
