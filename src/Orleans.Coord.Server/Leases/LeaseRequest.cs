using Orleans.Coord.Grains;

namespace Orleans.Coord.Server.Leases;

/// <summary>One session's request for a lease: what it asks for, and where to tell it of its grant.</summary>
/// <param name="RequestId">The id the client chose for this request; copies of the request carry the same id.</param>
/// <param name="SessionId">The requesting session; its lease keeps the request and its grant alive.</param>
/// <param name="MemberId">The session's member id.</param>
/// <param name="Permits">How much of the queue's capacity the request takes (1 for an exclusive lock or an election).</param>
/// <param name="Observer">Told once when a queued request is granted, and when its grant is lost (null: nobody to tell).</param>
/// <param name="Value">The value the requester attaches to its grant: a candidate's value; null for locks.</param>
/// <param name="Group">The group the requester must be a member of to be granted and to keep its grant; null: none.</param>
/// <param name="Order">The request's place among its session's requests (copies carry the same number).</param>
[GenerateSerializer]
[Immutable]
internal sealed record LeaseRequest(
    [property: Id(0)] Guid RequestId,
    [property: Id(1)] Guid SessionId,
    [property: Id(2)] string MemberId,
    [property: Id(3)] int Permits,
    [property: Id(4)] ILeaseObserver? Observer,
    [property: Id(5)] byte[]? Value = null,
    [property: Id(6)] string? Group = null,
    [property: Id(7)] RequestOrder Order = default) : ILeaseParty;
