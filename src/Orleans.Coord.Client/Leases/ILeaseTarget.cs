using Orleans.Coord.Grains;
using Orleans.Runtime;

namespace Orleans.Coord.Client.Leases;

/// <summary>One lease request's view of the grain that decides it: the calls of the acquire protocol, bound to the session.</summary>
internal interface ILeaseTarget
{
    /// <summary>The name of the lock or election.</summary>
    string Name { get; }

    /// <summary>The kind of lease in metrics and spans: one of <see cref="Orleans.Coord.Telemetry.CoordTelemetry.Primitives"/>.</summary>
    string Primitive { get; }

    /// <summary>The grain that grants the lease (the session attaches it; grant and loss pushes carry it).</summary>
    GrainId GrainId { get; }

    /// <summary>Grants at once and answers the token, or answers null.</summary>
    Task<long?> TryAcquireAsync(Guid requestId, RequestOrder order, ILeaseObserver observer);

    /// <summary>Grants at once or queues the request.</summary>
    Task<LeaseRequestStatus> EnqueueAsync(Guid requestId, RequestOrder order, ILeaseObserver observer);

    /// <summary>Where the request stands.</summary>
    Task<LeaseRequestStatus> GetStatusAsync(Guid requestId);

    /// <summary>
    /// Releases the session's grant <paramref name="token"/>; <paramref name="requestId"/> identifies this release and
    /// <paramref name="order"/> is its place in the session's order (the same number on every copy).
    /// </summary>
    Task<bool> ReleaseAsync(Guid requestId, RequestOrder order, long token);
}
