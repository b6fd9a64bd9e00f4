using System.Text.Json;
using Orleans.Coord.Cli.Output;
using Orleans.Coord.Groups;

namespace Orleans.Coord.Cli.Views;

/// <summary>A member in <c>coord members GROUP --json</c>.</summary>
internal sealed record MemberView(
    string MemberId,
    Guid SessionId,
    JsonElement? Capabilities,
    string CapabilitiesEncoding,
    DateTimeOffset JoinedAt,
    DateTimeOffset UpdatedAt,
    bool Up)
{
    /// <summary>A member listed in a snapshot is up: members leave the group when their session ends or expires.</summary>
    public static MemberView From(GroupMember member)
    {
        var capabilities = Payload.Of(member.Capabilities);
        return new(member.MemberId, member.SessionId, capabilities.Json, capabilities.Encoding, member.JoinedAt, member.UpdatedAt, Up: true);
    }
}
