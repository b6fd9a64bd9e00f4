using Orleans.Coord.Locks;

namespace Orleans.Coord.Elections;

/// <summary>A persisted waiting candidacy.</summary>
/// <param name="RequestId">The campaign's request id the client waits on.</param>
/// <param name="SessionId">The candidate's session.</param>
/// <param name="MemberId">The candidate's member id.</param>
/// <param name="Value">The value the candidate campaigns with.</param>
/// <param name="Group">The group the candidate must be a member of, or null.</param>
/// <param name="Observer">Told once when the candidate is elected.</param>
[GenerateSerializer]
public sealed record ElectionCandidate(
    [property: Id(0)] Guid RequestId,
    [property: Id(1)] Guid SessionId,
    [property: Id(2)] string MemberId,
    [property: Id(3)] byte[] Value,
    [property: Id(4)] string? Group,
    [property: Id(5)] ILockWaiter Observer);
