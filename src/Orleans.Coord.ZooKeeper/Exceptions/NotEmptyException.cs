namespace Orleans.Coord.ZooKeeper;

/// <summary>The node cannot be deleted because it has children (<see cref="ZooKeeperErrorCode.NotEmpty"/>).</summary>
public sealed class NotEmptyException : ZooKeeperException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The path concerned, if any.</param>
    /// <param name="message">A message; a default one is used when null.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public NotEmptyException(string? path, string? message = null, Exception? innerException = null)
        : base(ZooKeeperErrorCode.NotEmpty, path, message, innerException)
    {
    }
}
