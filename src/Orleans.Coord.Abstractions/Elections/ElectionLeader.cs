namespace Orleans.Coord.Elections;

/// <summary>The current leader of an election.</summary>
/// <param name="Election">The election name.</param>
/// <param name="MemberId">The leader's member id.</param>
/// <param name="SessionId">The leader's session; its lease keeps the leadership alive.</param>
/// <param name="Value">The value the leader campaigned with or last proclaimed (opaque bytes, at most 64 KiB).</param>
/// <param name="Term">
/// The leadership's term: strictly greater than the term of every earlier leader of the same election, also across
/// silo loss. Use it as a fencing token.
/// </param>
/// <param name="ElectedAt">When the leader was elected (grain clock, UTC).</param>
/// <param name="Group">The group the leader had to be a member of, or null for an election not tied to a group.</param>
[GenerateSerializer]
[Immutable]
public sealed record ElectionLeader(
    [property: Id(0)] string Election,
    [property: Id(1)] string MemberId,
    [property: Id(2)] Guid SessionId,
    [property: Id(3)] byte[] Value,
    [property: Id(4)] long Term,
    [property: Id(5)] DateTimeOffset ElectedAt,
    [property: Id(6)] string? Group);
