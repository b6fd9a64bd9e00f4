namespace Orleans.Coord.ZooKeeper;

/// <summary>A watch notification delivered to a <see cref="ZooKeeperWatcher"/>.</summary>
/// <param name="Type">What happened.</param>
/// <param name="State">The client state when the event was received (Connected for node events; Expired or Closed when <paramref name="Type"/> is None).</param>
/// <param name="Path">The node path without chroot; null for <see cref="WatchEventType.None"/>.</param>
public sealed record WatchedEvent(WatchEventType Type, ZooKeeperState State, string? Path);
