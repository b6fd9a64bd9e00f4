namespace Orleans.Coord.Groups;

/// <summary>
/// A change of a group's membership. Versions are per group, start at 1 and increase by one per change; a watcher
/// receives each version once, in order.
/// </summary>
/// <param name="Group">The group name.</param>
/// <param name="MemberId">The member the change is about.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Reason">Why, in words: "join", "leave", "session stopped", "session expired", "update", or "resync".</param>
/// <param name="Version">The group's version after the change.</param>
/// <param name="Timestamp">When the change was made (grain clock, UTC).</param>
/// <param name="Capabilities">The member's capabilities after the change (empty for Left and Expired).</param>
/// <param name="IsResync">
/// True when the watcher synthesised this event from a snapshot after it noticed lost events; the event then
/// carries the snapshot's version.
/// </param>
[GenerateSerializer]
[Immutable]
public sealed record GroupEvent(
    [property: Id(0)] string Group,
    [property: Id(1)] string MemberId,
    [property: Id(2)] GroupEventKind Kind,
    [property: Id(3)] string Reason,
    [property: Id(4)] long Version,
    [property: Id(5)] DateTimeOffset Timestamp,
    [property: Id(6)] byte[] Capabilities,
    [property: Id(7)] bool IsResync = false);
