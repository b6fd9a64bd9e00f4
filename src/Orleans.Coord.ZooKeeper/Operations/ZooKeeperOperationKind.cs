namespace Orleans.Coord.ZooKeeper;

/// <summary>The kinds of operation a multi transaction can hold.</summary>
public enum ZooKeeperOperationKind
{
    /// <summary>Asserts a node's version without changing it.</summary>
    Check,

    /// <summary>Creates a node.</summary>
    Create,

    /// <summary>Deletes a node.</summary>
    Delete,

    /// <summary>Sets a node's data.</summary>
    SetData,
}
