using Google.Protobuf;
using Orleans.Coord.Elections;
using Orleans.Coord.Groups;
using Orleans.Coord.Grpc.V1;
using GroupEvent = Orleans.Coord.Groups.GroupEvent;
using ElectionEvent = Orleans.Coord.Elections.ElectionEvent;

namespace Orleans.Coord.Grpc.Services;

/// <summary>Conversions between the coordination API's records and the protocol's messages.</summary>
internal static class ProtoConvert
{
    public static long UnixMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>
    /// A wait given in milliseconds as a timeout: -1 is infinite; other negative values and waits beyond a day are kept
    /// out of range, for the API's check to reject them by name.
    /// </summary>
    public static TimeSpan Timeout(long milliseconds) => milliseconds switch
    {
        -1 => System.Threading.Timeout.InfiniteTimeSpan,
        < -1 => TimeSpan.FromMilliseconds(-2),
        _ => TimeSpan.FromMilliseconds(Math.Min(milliseconds, (long)Validation.CoordLimits.MaxWait.TotalMilliseconds + 1)),
    };

    public static Member ToProto(GroupMember member) => new()
    {
        MemberId = member.MemberId,
        Capabilities = ByteString.CopyFrom(member.Capabilities),
        JoinedAtMs = UnixMs(member.JoinedAt),
        UpdatedAtMs = UnixMs(member.UpdatedAt),
    };

    public static GetMembersResponse ToProto(GroupSnapshot snapshot)
    {
        var response = new GetMembersResponse { Version = snapshot.Version };
        response.Members.Add(snapshot.Members.Select(ToProto));
        return response;
    }

    public static V1.GroupEvent ToProto(GroupEvent e) => new()
    {
        Group = e.Group,
        MemberId = e.MemberId,
        Kind = e.Kind switch
        {
            Groups.GroupEventKind.Joined => V1.GroupEventKind.Joined,
            Groups.GroupEventKind.Left => V1.GroupEventKind.Left,
            Groups.GroupEventKind.Expired => V1.GroupEventKind.Expired,
            Groups.GroupEventKind.CapabilitiesUpdated => V1.GroupEventKind.CapabilitiesUpdated,
            _ => V1.GroupEventKind.Unspecified,
        },
        Reason = e.Reason,
        Version = e.Version,
        TimestampMs = UnixMs(e.Timestamp),
        Capabilities = ByteString.CopyFrom(e.Capabilities),
        Resync = e.IsResync,
    };

    public static Leader ToProto(ElectionLeader leader) => new()
    {
        MemberId = leader.MemberId,
        SessionId = leader.SessionId.ToString(),
        Value = ByteString.CopyFrom(leader.Value),
        Term = leader.Term,
        ElectedAtMs = UnixMs(leader.ElectedAt),
    };

    public static V1.ElectionEvent ToProto(ElectionEvent e) => new()
    {
        Election = e.Election,
        MemberId = e.MemberId,
        Kind = e.Kind switch
        {
            Elections.ElectionEventKind.Elected => V1.ElectionEventKind.Elected,
            Elections.ElectionEventKind.Resigned => V1.ElectionEventKind.Resigned,
            Elections.ElectionEventKind.Lost => V1.ElectionEventKind.Lost,
            Elections.ElectionEventKind.Expired => V1.ElectionEventKind.Expired,
            Elections.ElectionEventKind.ValueChanged => V1.ElectionEventKind.ValueChanged,
            _ => V1.ElectionEventKind.Unspecified,
        },
        Reason = e.Reason,
        Term = e.Term,
        Value = ByteString.CopyFrom(e.Value),
        Version = e.Version,
        TimestampMs = UnixMs(e.Timestamp),
        Resync = e.IsResync,
    };
}
