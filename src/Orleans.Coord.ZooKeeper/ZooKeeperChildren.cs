namespace Orleans.Coord.ZooKeeper;

/// <summary>The children of a node together with the parent's metadata, as returned by getChildren2.</summary>
/// <param name="Children">Child node names (not full paths), in the order the server returned them (unsorted).</param>
/// <param name="Stat">The parent node's metadata at the time of the read.</param>
public sealed record ZooKeeperChildren(IReadOnlyList<string> Children, ZooKeeperStat Stat);
