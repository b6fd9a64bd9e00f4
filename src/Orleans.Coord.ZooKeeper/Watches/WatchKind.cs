namespace Orleans.Coord.ZooKeeper.Watches;

/// <summary>The three watch tables the protocol distinguishes.</summary>
internal enum WatchKind
{
    /// <summary>Set by getData, or by exists on an existing node.</summary>
    Data,

    /// <summary>Set by exists on a missing node.</summary>
    Exist,

    /// <summary>Set by getChildren.</summary>
    Child,
}
