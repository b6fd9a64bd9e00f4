namespace Orleans.Coord.ZooKeeper;

/// <summary>The expected version did not match the node's current version (<see cref="ZooKeeperErrorCode.BadVersion"/>); nothing was changed.</summary>
public sealed class BadVersionException : ZooKeeperException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The path concerned, if any.</param>
    /// <param name="message">A message; a default one is used when null.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public BadVersionException(string? path, string? message = null, Exception? innerException = null)
        : base(ZooKeeperErrorCode.BadVersion, path, message, innerException)
    {
    }
}
