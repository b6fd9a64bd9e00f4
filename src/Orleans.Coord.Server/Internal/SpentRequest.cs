namespace Orleans.Coord.Server.Internal;

/// <summary>A request that may never be applied again, with its number in its session's order.</summary>
[GenerateSerializer]
[Immutable]
internal readonly record struct SpentRequest([property: Id(0)] Guid Request, [property: Id(1)] long Sequence);
