namespace Orleans.Coord.ZooKeeper.Protocol;

/// <summary>Decodes the jute <c>org.apache.zookeeper.data.Stat</c> record.</summary>
internal static class StatRecord
{
    public static ZooKeeperStat Read(JuteReader reader) => new(
        Czxid: reader.ReadLong(),
        Mzxid: reader.ReadLong(),
        Ctime: reader.ReadLong(),
        Mtime: reader.ReadLong(),
        Version: reader.ReadInt(),
        Cversion: reader.ReadInt(),
        Aversion: reader.ReadInt(),
        EphemeralOwner: reader.ReadLong(),
        DataLength: reader.ReadInt(),
        NumChildren: reader.ReadInt(),
        Pzxid: reader.ReadLong());
}
