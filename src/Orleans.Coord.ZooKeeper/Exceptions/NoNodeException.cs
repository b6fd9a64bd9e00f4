namespace Orleans.Coord.ZooKeeper;

/// <summary>The node does not exist (<see cref="ZooKeeperErrorCode.NoNode"/>), or, for a create, its parent does not.</summary>
public sealed class NoNodeException : ZooKeeperException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The path concerned, if any.</param>
    /// <param name="message">A message; a default one is used when null.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public NoNodeException(string? path, string? message = null, Exception? innerException = null)
        : base(ZooKeeperErrorCode.NoNode, path, message, innerException)
    {
    }
}
