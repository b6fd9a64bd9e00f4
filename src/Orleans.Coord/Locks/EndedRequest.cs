namespace Orleans.Coord.Locks;

/// <summary>A session's last ended request and its last released token (0 when it has released none).</summary>
/// <param name="Token">The token (or term) of the last release.</param>
/// <param name="RequestId">The request of the last hold released or wait withdrawn.</param>
[GenerateSerializer]
[Immutable]
public readonly record struct EndedRequest([property: Id(0)] long Token, [property: Id(1)] Guid RequestId);
