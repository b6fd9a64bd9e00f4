namespace Orleans.Coord.ZooKeeper;

/// <summary>The metadata ZooKeeper keeps for a node (the <c>Stat</c> structure).</summary>
/// <param name="Czxid">Transaction id of the change that created the node.</param>
/// <param name="Mzxid">Transaction id of the change that last modified the node's data.</param>
/// <param name="Ctime">Creation time, milliseconds since the Unix epoch.</param>
/// <param name="Mtime">Last data modification time, milliseconds since the Unix epoch.</param>
/// <param name="Version">Number of changes to the node's data; used for conditional setData/delete/check.</param>
/// <param name="Cversion">Number of changes to the node's children.</param>
/// <param name="Aversion">Number of changes to the node's ACL.</param>
/// <param name="EphemeralOwner">Session id of the owner when the node is ephemeral, otherwise 0.</param>
/// <param name="DataLength">Length of the node's data in bytes.</param>
/// <param name="NumChildren">Number of children of the node.</param>
/// <param name="Pzxid">Transaction id of the change that last modified the node's children.</param>
public sealed record ZooKeeperStat(
    long Czxid,
    long Mzxid,
    long Ctime,
    long Mtime,
    int Version,
    int Cversion,
    int Aversion,
    long EphemeralOwner,
    int DataLength,
    int NumChildren,
    long Pzxid)
{
    /// <summary>True when the node is ephemeral (owned by a session).</summary>
    public bool IsEphemeral => EphemeralOwner != 0;
}
