namespace Orleans.Coord.Groups;

/// <summary>One member of a group: its id, its capabilities, and when it joined and last updated them.</summary>
/// <param name="MemberId">The member id the session chose.</param>
/// <param name="Capabilities">The member's capabilities as opaque bytes (may be empty).</param>
/// <param name="JoinedAt">When the member joined (grain clock, UTC).</param>
/// <param name="UpdatedAt">When the capabilities were last set (equal to <paramref name="JoinedAt"/> until updated).</param>
/// <param name="SessionId">The session through which the member joined; its lease keeps the membership alive.</param>
[GenerateSerializer]
[Immutable]
public sealed record GroupMember(
    [property: Id(0)] string MemberId,
    [property: Id(1)] byte[] Capabilities,
    [property: Id(2)] DateTimeOffset JoinedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt,
    [property: Id(4)] Guid SessionId)
{
    /// <summary>Deserialises the capabilities as JSON into <typeparamref name="T"/> (default if empty).</summary>
    public T? GetCapabilities<T>(System.Text.Json.JsonSerializerOptions? options = null) =>
        Capabilities.Length == 0 ? default : System.Text.Json.JsonSerializer.Deserialize<T>(Capabilities, options);
}
