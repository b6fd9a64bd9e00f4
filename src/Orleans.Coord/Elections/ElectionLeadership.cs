using Orleans.Coord.Locks;

namespace Orleans.Coord.Elections;

/// <summary>The persisted current leadership of an election.</summary>
/// <param name="RequestId">The campaign that won.</param>
/// <param name="SessionId">The leader's session.</param>
/// <param name="MemberId">The leader's member id.</param>
/// <param name="Value">The leader's current value.</param>
/// <param name="Group">The group the leader must stay a member of, or null.</param>
/// <param name="Term">The leadership's term.</param>
/// <param name="ElectedAt">When the leader was elected.</param>
/// <param name="Observer">The leader's observer, told when the leadership ends without a resignation (may be null).</param>
[GenerateSerializer]
public sealed record ElectionLeadership(
    [property: Id(0)] Guid RequestId,
    [property: Id(1)] Guid SessionId,
    [property: Id(2)] string MemberId,
    [property: Id(3)] byte[] Value,
    [property: Id(4)] string? Group,
    [property: Id(5)] long Term,
    [property: Id(6)] DateTimeOffset ElectedAt,
    [property: Id(7)] ILockWaiter? Observer);
