using Orleans.Coord.Cli.Output;
using Orleans.Coord.Inspection;

namespace Orleans.Coord.Cli.Views;

/// <summary>An election's leader: its term, its value (text, or base64 when not printable) and since when it leads.</summary>
internal sealed record LeaderView(string MemberId, Guid SessionId, long Term, string? Value, string ValueEncoding, DateTimeOffset Since, double LedSeconds)
{
    public static LeaderView From(LeaseHolderInfo leader)
    {
        var value = Payload.Of(leader.Value, json: false);
        return new(leader.MemberId, leader.SessionId, leader.Token, value.Json is null ? null : value.Text, value.Encoding, leader.GrantedAt, Age.Seconds(Age.Since(leader.GrantedAt)));
    }
}
