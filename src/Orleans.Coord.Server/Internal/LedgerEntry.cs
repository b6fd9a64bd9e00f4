namespace Orleans.Coord.Server.Internal;

/// <summary>What a grain remembers of one session's requests (see <see cref="RequestLedger"/>).</summary>
/// <param name="Request">The session's last answered request, while the floor has not passed it; null once it has, or
/// before any (a null field takes two bytes where an id takes seventeen).</param>
/// <param name="Answer">That request's answer (a version, a token, or 1 / 0 for true / false).</param>
/// <param name="Floor">The highest floor the session has sent (<see cref="Grains.RequestOrder.Floor"/>): a request
/// numbered below it has ended at the client and is never applied.</param>
/// <param name="Spent">The session's requests numbered at or above <paramref name="Floor"/> that may never be applied
/// again: a join or a change applied, an acquire or campaign whose grant or wait has ended. Never changed in place: a
/// change makes a new array. Null when there is none.</param>
/// <param name="RequestSequence">The number of <paramref name="Request"/> in the session's order, or 0 when it carried
/// none (an administrative request): once the floor passes it, the request has ended at the client and its answer is
/// forgotten.</param>
[GenerateSerializer]
[Immutable]
internal readonly record struct LedgerEntry(
    [property: Id(0)] Guid? Request,
    [property: Id(1)] long Answer,
    [property: Id(3)] long Floor,
    [property: Id(4)] SpentRequest[]? Spent,
    [property: Id(5)] long RequestSequence = 0);
