namespace Orleans.Coord.ZooKeeper;

/// <summary>A node already exists at the path (<see cref="ZooKeeperErrorCode.NodeExists"/>).</summary>
public sealed class NodeExistsException : ZooKeeperException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The path concerned, if any.</param>
    /// <param name="message">A message; a default one is used when null.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public NodeExistsException(string? path, string? message = null, Exception? innerException = null)
        : base(ZooKeeperErrorCode.NodeExists, path, message, innerException)
    {
    }
}
