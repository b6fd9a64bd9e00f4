namespace Orleans.Coord.ZooKeeper;

/// <summary>What happened to a watched node. The numeric values are the protocol's event types.</summary>
public enum WatchEventType
{
    /// <summary>No node event: the watch ended because the session ended (see <see cref="WatchedEvent.State"/>: Expired or Closed).</summary>
    None = -1,

    /// <summary>The node was created (fires watches set by exists on a missing node).</summary>
    NodeCreated = 1,

    /// <summary>The node was deleted (fires data, exists and child watches).</summary>
    NodeDeleted = 2,

    /// <summary>The node's data changed (fires data and exists watches).</summary>
    NodeDataChanged = 3,

    /// <summary>A child was added or removed (fires child watches).</summary>
    NodeChildrenChanged = 4,
}
