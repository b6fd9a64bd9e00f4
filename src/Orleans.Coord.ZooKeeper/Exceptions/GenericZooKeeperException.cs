namespace Orleans.Coord.ZooKeeper;

/// <summary>Any ZooKeeper error code that has no dedicated exception type; see <see cref="ZooKeeperException.ErrorCode"/>.</summary>
public sealed class GenericZooKeeperException : ZooKeeperException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">The protocol error code.</param>
    /// <param name="path">The path concerned, if any.</param>
    /// <param name="message">A message; a default one is used when null.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public GenericZooKeeperException(ZooKeeperErrorCode errorCode, string? path, string? message = null, Exception? innerException = null)
        : base(errorCode, path, message, innerException)
    {
    }
}
