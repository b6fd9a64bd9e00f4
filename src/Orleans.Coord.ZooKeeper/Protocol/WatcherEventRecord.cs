namespace Orleans.Coord.ZooKeeper.Protocol;

/// <summary>A watch notification body (jute <c>WatcherEvent</c>); the path is as the server knows it (chroot included).</summary>
internal readonly record struct WatcherEventRecord(int Type, int State, string Path)
{
    public static WatcherEventRecord Read(JuteReader reader) => new(reader.ReadInt(), reader.ReadInt(), reader.ReadString() ?? string.Empty);
}
