namespace Orleans.Coord.ZooKeeper.Protocol;

/// <summary>The session handshake sent first on every new connection (jute <c>ConnectRequest</c>).</summary>
internal sealed record ConnectRequest(long LastZxidSeen, int TimeoutMilliseconds, long SessionId, byte[] Password)
{
    public void Write(JuteWriter writer)
    {
        writer.WriteInt(0); // protocolVersion
        writer.WriteLong(LastZxidSeen);
        writer.WriteInt(TimeoutMilliseconds);
        writer.WriteLong(SessionId);
        writer.WriteBuffer(Password);
        writer.WriteBool(false); // readOnly: this client never accepts read-only sessions
    }
}
