namespace Orleans.Coord.Inspection;

/// <summary>One waiting request of a lock, semaphore, reader-writer lock or election (a candidate), as an operator sees it.</summary>
/// <param name="MemberId">The requester's member id.</param>
/// <param name="SessionId">The requester's session.</param>
/// <param name="Permits">The permits it asks for.</param>
/// <param name="Value">A candidate's value; empty otherwise.</param>
[GenerateSerializer]
[Immutable]
public sealed record LeaseWaiterInfo(
    [property: Id(0)] string MemberId,
    [property: Id(1)] Guid SessionId,
    [property: Id(2)] int Permits,
    [property: Id(3)] byte[] Value);
