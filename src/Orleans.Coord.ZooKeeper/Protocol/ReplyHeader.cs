namespace Orleans.Coord.ZooKeeper.Protocol;

/// <summary>The header that starts every frame the server sends after the handshake (jute <c>ReplyHeader</c>).</summary>
internal readonly record struct ReplyHeader(int Xid, long Zxid, int Error)
{
    public static ReplyHeader Read(JuteReader reader) => new(reader.ReadInt(), reader.ReadLong(), reader.ReadInt());
}
