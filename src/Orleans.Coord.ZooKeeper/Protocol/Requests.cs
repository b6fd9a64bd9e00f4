namespace Orleans.Coord.ZooKeeper.Protocol;

/// <summary>
/// Encoders for the request bodies this client sends (jute <c>CreateRequest</c>, <c>DeleteRequest</c>,
/// <c>ExistsRequest</c>/<c>GetDataRequest</c>/<c>GetChildren2Request</c>, <c>SetDataRequest</c>,
/// <c>CheckVersionRequest</c>, <c>SyncRequest</c>, <c>SetWatches</c>). Paths are server paths (chroot applied).
/// </summary>
internal static class Requests
{
    /// <summary>ZooDefs.Perms.ALL.</summary>
    private const int AllPermissions = 31;

    /// <summary>
    /// Writes a create request whose ACL is a single entry with every permission: for the session's authenticated
    /// identities (<c>auth:</c>, CREATOR_ALL_ACL) when <paramref name="creatorOnly"/>, else world:anyone (OPEN_ACL_UNSAFE).
    /// </summary>
    public static void WriteCreate(JuteWriter writer, string serverPath, ReadOnlySpan<byte> data, CreateMode mode, bool creatorOnly)
    {
        writer.WriteString(serverPath);
        writer.WriteBuffer(data);
        writer.WriteInt(1);
        writer.WriteInt(AllPermissions);
        writer.WriteString(creatorOnly ? "auth" : "world");
        writer.WriteString(creatorOnly ? "" : "anyone");
        writer.WriteInt((int)mode);
    }

    /// <summary>Writes a jute <c>AuthPacket</c>: type 0, the scheme and the credentials.</summary>
    public static void WriteAuth(JuteWriter writer, string scheme, ReadOnlySpan<byte> auth)
    {
        writer.WriteInt(0);
        writer.WriteString(scheme);
        writer.WriteBuffer(auth);
    }

    public static void WritePathAndVersion(JuteWriter writer, string serverPath, int version)
    {
        writer.WriteString(serverPath);
        writer.WriteInt(version);
    }

    public static void WritePathAndWatch(JuteWriter writer, string serverPath, bool watch)
    {
        writer.WriteString(serverPath);
        writer.WriteBool(watch);
    }

    public static void WriteSetData(JuteWriter writer, string serverPath, ReadOnlySpan<byte> data, int version)
    {
        writer.WriteString(serverPath);
        writer.WriteBuffer(data);
        writer.WriteInt(version);
    }

    public static void WriteSync(JuteWriter writer, string serverPath) => writer.WriteString(serverPath);

    public static void WriteSetWatches(
        JuteWriter writer,
        long relativeZxid,
        IReadOnlyCollection<string> dataWatches,
        IReadOnlyCollection<string> existWatches,
        IReadOnlyCollection<string> childWatches)
    {
        writer.WriteLong(relativeZxid);
        writer.WriteStringVector(dataWatches);
        writer.WriteStringVector(existWatches);
        writer.WriteStringVector(childWatches);
    }

    /// <summary>Writes a jute <c>MultiHeader</c>.</summary>
    public static void WriteMultiHeader(JuteWriter writer, int type, bool done, int error)
    {
        writer.WriteInt(type);
        writer.WriteBool(done);
        writer.WriteInt(error);
    }
}
