using Orleans.Coord.Grains;

namespace Orleans.Coord.Server.Leases;

/// <summary>A granted request: the request (its value may change since: an election's proclaim), its token and time.</summary>
/// <param name="RequestId">The request that was granted.</param>
/// <param name="SessionId">The holding session.</param>
/// <param name="MemberId">The holding session's member id.</param>
/// <param name="Permits">How much of the capacity the grant takes.</param>
/// <param name="Observer">Told when the grant is lost without its holder releasing it (null: nobody to tell).</param>
/// <param name="Value">The holder's value (a leader's); null for locks.</param>
/// <param name="Group">The group the holder must stay a member of; null: none.</param>
/// <param name="Token">The grant's token (fencing token or term): greater than every earlier grant's of the same name.</param>
/// <param name="GrantedAt">When it was granted (grain clock, UTC).</param>
/// <param name="Sequence">The granted request's number in its session's order (<see cref="RequestOrder.Sequence"/>).</param>
[GenerateSerializer]
[Immutable]
internal sealed record Lease(
    [property: Id(0)] Guid RequestId,
    [property: Id(1)] Guid SessionId,
    [property: Id(2)] string MemberId,
    [property: Id(3)] int Permits,
    [property: Id(4)] ILeaseObserver? Observer,
    [property: Id(5)] byte[]? Value,
    [property: Id(6)] string? Group,
    [property: Id(7)] long Token,
    [property: Id(8)] DateTimeOffset GrantedAt,
    [property: Id(9)] long Sequence = 0) : ILeaseParty
{
    /// <summary>The grant of <paramref name="request"/> with <paramref name="token"/> at <paramref name="at"/>.</summary>
    public static Lease Of(LeaseRequest request, long token, DateTimeOffset at) =>
        new(request.RequestId, request.SessionId, request.MemberId, request.Permits, request.Observer, request.Value, request.Group, token, at, request.Order.Sequence);
}
