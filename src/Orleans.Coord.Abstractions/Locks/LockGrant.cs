namespace Orleans.Coord.Locks;

/// <summary>One grant of a lock: who holds it and the fencing token of this grant.</summary>
/// <param name="Token">
/// The fencing token: strictly greater than the token of every earlier grant of the same lock name, also across
/// silo loss. Pass it to the resource the lock protects, which rejects requests carrying a smaller token.
/// </param>
/// <param name="MemberId">The member id of the holding session.</param>
/// <param name="SessionId">The holding session; its lease keeps the grant alive.</param>
[GenerateSerializer]
[Immutable]
public sealed record LockGrant(
    [property: Id(0)] long Token,
    [property: Id(1)] string MemberId,
    [property: Id(2)] Guid SessionId);
