namespace Orleans.Coord.ZooKeeper;

/// <summary>Describes a change of <see cref="ZooKeeperClient.State"/>.</summary>
public sealed class ZooKeeperStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    /// <param name="previous">The state before the change.</param>
    /// <param name="current">The state after the change.</param>
    /// <param name="server">The server (host:port) the client is connected to when <paramref name="current"/> is Connected; otherwise null.</param>
    public ZooKeeperStateChangedEventArgs(ZooKeeperState previous, ZooKeeperState current, string? server)
    {
        Previous = previous;
        Current = current;
        Server = server;
    }

    /// <summary>The state before the change.</summary>
    public ZooKeeperState Previous { get; }

    /// <summary>The state after the change.</summary>
    public ZooKeeperState Current { get; }

    /// <summary>The server (host:port) connected to when <see cref="Current"/> is Connected; otherwise null.</summary>
    public string? Server { get; }
}
