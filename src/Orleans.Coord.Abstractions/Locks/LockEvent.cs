namespace Orleans.Coord.Locks;

/// <summary>
/// A change of a lock's holder, published on the stream <see cref="CoordConstants.LockStreamNamespace"/> keyed by the
/// lock name (semaphores and reader-writer locks use their own namespaces) when the silo turns lock streams on
/// (<c>CoordLockOptions.PublishEvents</c>, off by default). Versions are per lock name, start at 1 and increase by one per event.
/// </summary>
/// <param name="Lock">The lock name.</param>
/// <param name="MemberId">The member the change is about (the new or the former holder).</param>
/// <param name="SessionId">That member's session.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Reason">Why, in words: "acquire", "release", "cancelled", "session stopped", "session expired" or "broken".</param>
/// <param name="Token">The fencing token of the grant the change is about.</param>
/// <param name="Version">The lock's event version after the change.</param>
/// <param name="Timestamp">When the change was made (grain clock, UTC).</param>
[GenerateSerializer]
[Immutable]
public sealed record LockEvent(
    [property: Id(0)] string Lock,
    [property: Id(1)] string MemberId,
    [property: Id(2)] Guid SessionId,
    [property: Id(3)] LockEventKind Kind,
    [property: Id(4)] string Reason,
    [property: Id(5)] long Token,
    [property: Id(6)] long Version,
    [property: Id(7)] DateTimeOffset Timestamp);
