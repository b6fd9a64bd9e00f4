namespace Orleans.Coord.ZooKeeper;

/// <summary>The state of a <see cref="ZooKeeperClient"/>'s session and connection.</summary>
public enum ZooKeeperState
{
    /// <summary>The client has not connected yet (<see cref="ZooKeeperClient.ConnectAsync"/> not called or not finished).</summary>
    NotConnected = 0,

    /// <summary>A connection to a server is established and the session is valid.</summary>
    Connected = 1,

    /// <summary>
    /// The connection was lost. The client is reconnecting to the servers of the connect string with the same
    /// session; ephemeral nodes and watches survive if it succeeds within the session timeout.
    /// </summary>
    Disconnected = 2,

    /// <summary>The server reported the session expired: its ephemeral nodes are gone and every call now fails with <see cref="SessionExpiredException"/>. Terminal.</summary>
    Expired = 3,

    /// <summary>The client was disposed and its session closed. Terminal.</summary>
    Closed = 4,
}
