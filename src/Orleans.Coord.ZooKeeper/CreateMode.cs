namespace Orleans.Coord.ZooKeeper;

/// <summary>How a node is created. The numeric values are the wire protocol's create flags.</summary>
public enum CreateMode
{
    /// <summary>The node stays until it is deleted.</summary>
    Persistent = 0,

    /// <summary>The node is deleted when the creating session ends (closed or expired). Ephemeral nodes cannot have children.</summary>
    Ephemeral = 1,

    /// <summary>A persistent node whose name gets a 10-digit, monotonically increasing suffix chosen by the server.</summary>
    PersistentSequential = 2,

    /// <summary>An ephemeral node whose name gets a 10-digit, monotonically increasing suffix chosen by the server.</summary>
    EphemeralSequential = 3,
}
