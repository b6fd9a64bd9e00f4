using Orleans.Coord.ZooKeeper.Protocol;

namespace Orleans.Coord.ZooKeeper.Internal;

/// <summary>What a <see cref="ServerConnection"/> reports to the session that owns it.</summary>
internal interface IConnectionOwner
{
    /// <summary>Returns the next request xid (positive).</summary>
    int NextXid();

    /// <summary>Records the zxid of a reply (only positive values are passed).</summary>
    void OnZxid(long zxid);

    /// <summary>Handles a watch notification; called on the connection's reader, in arrival order.</summary>
    void OnNotification(WatcherEventRecord notification);

    /// <summary>Called for a reply before its request is completed (records the watch it set, if any).</summary>
    void OnReply(PendingRequest request, int errorCode);
}
