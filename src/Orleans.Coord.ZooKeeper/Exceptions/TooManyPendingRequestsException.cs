namespace Orleans.Coord.ZooKeeper;

/// <summary>
/// A request was refused because <see cref="ZooKeeperClientOptions.MaxPendingRequests"/> requests were already
/// waiting for a connection or for their reply. Nothing was sent. Retry once earlier requests complete.
/// </summary>
public sealed class TooManyPendingRequestsException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="limit">The configured maximum number of pending requests.</param>
    public TooManyPendingRequestsException(int limit)
        : base($"The ZooKeeper client already has {limit} pending requests (ZooKeeperClientOptions.MaxPendingRequests = {limit}); the request was not sent.")
    {
        Limit = limit;
    }

    /// <summary>The configured maximum number of pending requests.</summary>
    public int Limit { get; }
}
