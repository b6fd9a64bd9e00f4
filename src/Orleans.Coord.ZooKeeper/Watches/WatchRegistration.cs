namespace Orleans.Coord.ZooKeeper.Watches;

/// <summary>
/// A watch to record once the server's reply shows it was set: getData and getChildren set it only on success;
/// exists sets a data watch when the node exists and an exist watch when it does not.
/// </summary>
internal sealed record WatchRegistration(string ClientPath, ZooKeeperWatcher Watcher, bool IsExists, bool IsChild)
{
    /// <summary>Returns the table the watch belongs in given the reply's error code, or null when the server set none.</summary>
    public WatchKind? KindFor(int errorCode)
    {
        if (errorCode == 0)
        {
            return IsChild ? WatchKind.Child : WatchKind.Data;
        }

        return IsExists && errorCode == (int)ZooKeeperErrorCode.NoNode ? WatchKind.Exist : null;
    }
}
