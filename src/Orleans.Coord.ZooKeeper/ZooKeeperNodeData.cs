namespace Orleans.Coord.ZooKeeper;

/// <summary>The data of a node together with its metadata, as returned by getData.</summary>
/// <param name="Data">The node's data (empty when the node has none).</param>
/// <param name="Stat">The node's metadata at the time of the read.</param>
public sealed record ZooKeeperNodeData(byte[] Data, ZooKeeperStat Stat);
