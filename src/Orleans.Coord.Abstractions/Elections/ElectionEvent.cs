namespace Orleans.Coord.Elections;

/// <summary>
/// A change of an election's leadership, published on the stream <see cref="CoordConstants.ElectionStreamNamespace"/>
/// keyed by the election name. Versions are per election, start at 1 and increase by one per event; terms increase
/// with every <see cref="ElectionEventKind.Elected"/> event.
/// </summary>
/// <param name="Election">The election name.</param>
/// <param name="MemberId">The member the change is about (the new, current or former leader).</param>
/// <param name="SessionId">That member's session.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Reason">
/// Why, in words: "campaign", "resign", "cancelled", "proclaim", "session stopped", "session expired", "left group" or
/// "resync".
/// </param>
/// <param name="Term">The term of the leadership the change is about.</param>
/// <param name="Value">The leader's value after the change (the last value for Resigned, Lost and Expired).</param>
/// <param name="Version">The election's event version after the change.</param>
/// <param name="Timestamp">When the change was made (grain clock, UTC).</param>
/// <param name="IsResync">
/// True when an observer synthesised this event from a snapshot after it noticed lost events; it then carries the
/// snapshot's version.
/// </param>
[GenerateSerializer]
[Immutable]
public sealed record ElectionEvent(
    [property: Id(0)] string Election,
    [property: Id(1)] string MemberId,
    [property: Id(2)] Guid SessionId,
    [property: Id(3)] ElectionEventKind Kind,
    [property: Id(4)] string Reason,
    [property: Id(5)] long Term,
    [property: Id(6)] byte[] Value,
    [property: Id(7)] long Version,
    [property: Id(8)] DateTimeOffset Timestamp,
    [property: Id(9)] bool IsResync = false);
