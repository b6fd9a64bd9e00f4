namespace Orleans.Coord.ZooKeeper.Protocol;

/// <summary>Reserved transaction ids that the protocol uses for frames that do not answer a numbered request.</summary>
internal static class Xids
{
    /// <summary>A watch notification pushed by the server.</summary>
    public const int Notification = -1;

    /// <summary>A ping and its reply.</summary>
    public const int Ping = -2;

    /// <summary>An authentication packet and its reply.</summary>
    public const int Auth = -4;

    /// <summary>A SetWatches request (watch re-registration after a reconnect) and its reply.</summary>
    public const int SetWatches = -8;
}
