namespace Orleans.Coord.ZooKeeper.Protocol;

/// <summary>
/// The server's answer to <see cref="ConnectRequest"/> (jute <c>ConnectResponse</c>).
/// A non-positive <see cref="TimeoutMilliseconds"/> means the session has expired.
/// </summary>
internal sealed record ConnectResponse(int ProtocolVersion, int TimeoutMilliseconds, long SessionId, byte[] Password, bool ReadOnly)
{
    public static ConnectResponse Read(JuteReader reader)
    {
        var version = reader.ReadInt();
        var timeout = reader.ReadInt();
        var sessionId = reader.ReadLong();
        var password = reader.ReadBuffer() ?? Array.Empty<byte>();

        // Servers older than 3.3 omit the read-only flag.
        var readOnly = reader.Remaining > 0 && reader.ReadBool();
        return new ConnectResponse(version, timeout, sessionId, password, readOnly);
    }
}
