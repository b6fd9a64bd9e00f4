using Orleans.Coord.Locks;

namespace Orleans.Coord.Locks;

/// <summary>The persisted current grant of a lock.</summary>
/// <param name="RequestId">The request that was granted.</param>
/// <param name="SessionId">The holding session.</param>
/// <param name="MemberId">The holding session's member id.</param>
/// <param name="Token">The grant's fencing token.</param>
/// <param name="Observer">The holder's observer, told when the grant ends without a release (may be null).</param>
[GenerateSerializer]
public sealed record LockHold(
    [property: Id(0)] Guid RequestId,
    [property: Id(1)] Guid SessionId,
    [property: Id(2)] string MemberId,
    [property: Id(3)] long Token,
    [property: Id(4)] ILockWaiter? Observer);
