namespace Orleans.Coord.ZooKeeper;

/// <summary>The outcome of one operation of a multi transaction.</summary>
/// <param name="Kind">The kind of the operation this result answers.</param>
/// <param name="Error">
/// <see cref="ZooKeeperErrorCode.Ok"/> on success. When the transaction failed: the failing operation's error, and for
/// the others <see cref="ZooKeeperErrorCode.Ok"/> or <see cref="ZooKeeperErrorCode.RuntimeInconsistency"/> (none was applied).
/// </param>
/// <param name="CreatedPath">For a successful Create: the path actually created (with the sequence suffix, without chroot).</param>
/// <param name="Stat">
/// For a successful SetData: the node's metadata after the change. For a Create, only if the server returns it
/// (ZooKeeper 3.8 answers creates inside a multi with the path alone, so it is usually null); otherwise null.
/// </param>
public sealed record ZooKeeperOperationResult(
    ZooKeeperOperationKind Kind,
    ZooKeeperErrorCode Error,
    string? CreatedPath = null,
    ZooKeeperStat? Stat = null)
{
    /// <summary>True when <see cref="Error"/> is <see cref="ZooKeeperErrorCode.Ok"/>.</summary>
    public bool Succeeded => Error == ZooKeeperErrorCode.Ok;
}
