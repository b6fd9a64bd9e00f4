namespace Orleans.Coord.ZooKeeper;

/// <summary>The session has expired (<see cref="ZooKeeperErrorCode.SessionExpired"/>): its ephemeral nodes are gone and the client can no longer be used; create a new one.</summary>
public sealed class SessionExpiredException : ZooKeeperException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The path concerned, if any.</param>
    /// <param name="message">A message; a default one is used when null.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public SessionExpiredException(string? path, string? message = null, Exception? innerException = null)
        : base(ZooKeeperErrorCode.SessionExpired, path, message, innerException)
    {
    }
}
