namespace Orleans.Coord.ZooKeeper;

/// <summary>A node cannot be created under an ephemeral node (<see cref="ZooKeeperErrorCode.NoChildrenForEphemerals"/>).</summary>
public sealed class NoChildrenForEphemeralsException : ZooKeeperException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The path concerned, if any.</param>
    /// <param name="message">A message; a default one is used when null.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public NoChildrenForEphemeralsException(string? path, string? message = null, Exception? innerException = null)
        : base(ZooKeeperErrorCode.NoChildrenForEphemerals, path, message, innerException)
    {
    }
}
