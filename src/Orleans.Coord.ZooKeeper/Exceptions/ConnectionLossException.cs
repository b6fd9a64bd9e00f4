namespace Orleans.Coord.ZooKeeper;

/// <summary>
/// The connection to the server was lost, or none could be had in time (<see cref="ZooKeeperErrorCode.ConnectionLoss"/>).
/// For a request that was already sent, the outcome is unknown: it may or may not have been applied.
/// The request is not resent automatically; the session may still be valid and the client keeps reconnecting.
/// </summary>
public sealed class ConnectionLossException : ZooKeeperException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The path concerned, if any.</param>
    /// <param name="message">A message; a default one is used when null.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public ConnectionLossException(string? path, string? message = null, Exception? innerException = null)
        : base(ZooKeeperErrorCode.ConnectionLoss, path, message, innerException)
    {
    }
}
