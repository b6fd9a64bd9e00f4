using Orleans.Coord.Cli.Output;
using Orleans.Coord.Elections;

namespace Orleans.Coord.Cli.Views;

/// <summary>One line of <c>coord observe NAME --json</c>.</summary>
internal sealed record ElectionEventView(
    string Election,
    string MemberId,
    Guid SessionId,
    ElectionEventKind Kind,
    string Reason,
    long Term,
    string? Value,
    string ValueEncoding,
    long Version,
    DateTimeOffset At,
    bool Resync)
{
    public static ElectionEventView From(ElectionEvent e)
    {
        var value = Payload.Of(e.Value, json: false);
        return new(e.Election, e.MemberId, e.SessionId, e.Kind, e.Reason, e.Term, value.Json is null ? null : value.Text, value.Encoding, e.Version, e.Timestamp, e.IsResync);
    }
}
