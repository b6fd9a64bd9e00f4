using System.Text.Json;
using Orleans.Coord.Cli.Output;
using Orleans.Coord.Groups;

namespace Orleans.Coord.Cli.Views;

/// <summary>One line of <c>coord watch GROUP --json</c>.</summary>
internal sealed record GroupEventView(
    string Group,
    string MemberId,
    GroupEventKind Kind,
    string Reason,
    long Version,
    DateTimeOffset At,
    JsonElement? Capabilities,
    string CapabilitiesEncoding,
    bool Resync)
{
    public static GroupEventView From(GroupEvent e)
    {
        var capabilities = Payload.Of(e.Capabilities);
        return new(e.Group, e.MemberId, e.Kind, e.Reason, e.Version, e.Timestamp, capabilities.Json, capabilities.Encoding, e.IsResync);
    }
}
