namespace Orleans.Coord.Server.Leases;

/// <summary>A granted request.</summary>
/// <param name="Request">The request that was granted (its value may change since: an election's proclaim).</param>
/// <param name="Token">The grant's token (fencing token or term): greater than every earlier grant's of the same name.</param>
/// <param name="GrantedAt">When it was granted (grain clock, UTC).</param>
[GenerateSerializer]
[Immutable]
internal sealed record Lease(
    [property: Id(0)] LeaseRequest Request,
    [property: Id(1)] long Token,
    [property: Id(2)] DateTimeOffset GrantedAt)
{
    public Guid RequestId => Request.RequestId;

    public Guid SessionId => Request.SessionId;

    public string MemberId => Request.MemberId;
}
