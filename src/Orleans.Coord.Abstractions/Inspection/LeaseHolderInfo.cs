namespace Orleans.Coord.Inspection;

/// <summary>One current grant of a lock, semaphore, reader-writer lock or election, as an operator sees it.</summary>
/// <param name="MemberId">The holder's member id.</param>
/// <param name="SessionId">The holder's session.</param>
/// <param name="Token">The fencing token (an election's term).</param>
/// <param name="Permits">The permits it holds (1 for a lock or election; a reader-writer lock's writer holds them all).</param>
/// <param name="GrantedAt">When it was granted (the silo's clock).</param>
/// <param name="Value">An election leader's value; empty otherwise.</param>
[GenerateSerializer]
[Immutable]
public sealed record LeaseHolderInfo(
    [property: Id(0)] string MemberId,
    [property: Id(1)] Guid SessionId,
    [property: Id(2)] long Token,
    [property: Id(3)] int Permits,
    [property: Id(4)] DateTimeOffset GrantedAt,
    [property: Id(5)] byte[] Value);
