using Orleans.Coord.Locks;

namespace Orleans.Coord.Locks;

/// <summary>A persisted waiting request of a semaphore or reader-writer lock.</summary>
/// <param name="RequestId">The request id the client waits on.</param>
/// <param name="SessionId">The waiting session.</param>
/// <param name="MemberId">The waiting session's member id.</param>
/// <param name="Permits">How much of the capacity the request takes.</param>
/// <param name="Observer">Told once when the request is granted.</param>
[GenerateSerializer]
public sealed record PermitQueueEntry(
    [property: Id(0)] Guid RequestId,
    [property: Id(1)] Guid SessionId,
    [property: Id(2)] string MemberId,
    [property: Id(3)] int Permits,
    [property: Id(4)] ILockWaiter Observer);
