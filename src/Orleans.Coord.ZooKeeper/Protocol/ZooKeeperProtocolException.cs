namespace Orleans.Coord.ZooKeeper.Protocol;

/// <summary>
/// Raised internally when a frame from the server cannot be decoded or does not match the request it answers.
/// The connection is then dropped and in-flight requests fail with <see cref="ConnectionLossException"/>.
/// </summary>
internal sealed class ZooKeeperProtocolException : Exception
{
    public ZooKeeperProtocolException(string message)
        : base(message)
    {
    }
}
