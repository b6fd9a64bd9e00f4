namespace Orleans.Coord.Server.Internal;

/// <summary>What a grain remembers of one session's requests (see <see cref="RequestLedger"/>).</summary>
/// <param name="Request">The session's last answered request.</param>
/// <param name="Answer">That request's answer (a version, a token, or 1 / 0 for true / false).</param>
/// <param name="Spent">The session's last request that may never be applied again: a join, or an acquire or campaign
/// whose grant or wait has ended.</param>
[GenerateSerializer]
[Immutable]
internal readonly record struct LedgerEntry(
    [property: Id(0)] Guid Request,
    [property: Id(1)] long Answer,
    [property: Id(2)] Guid Spent);
