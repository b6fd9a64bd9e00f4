using Orleans.Coord.Locks;
using Orleans.Runtime;

namespace Orleans.Coord.Locks;

/// <summary>One lock request's view of the grain that decides it: the calls of the acquire protocol, bound to the session.</summary>
internal interface ILockTarget
{
    /// <summary>The lock's name.</summary>
    string Name { get; }

    /// <summary>The grain that holds the lock (the session attaches it; grant and loss pushes carry it).</summary>
    GrainId GrainId { get; }

    /// <summary>Grants at once or returns null.</summary>
    Task<LockGrant?> TryAcquireAsync(Guid requestId, ILockWaiter observer);

    /// <summary>Grants at once or queues the request.</summary>
    Task<LockRequestStatus> EnqueueAsync(Guid requestId, ILockWaiter observer);

    /// <summary>Where the request stands.</summary>
    Task<LockRequestStatus> GetRequestStatusAsync(Guid requestId);

    /// <summary>Withdraws the request, releasing a grant it got meanwhile.</summary>
    Task<bool> CancelWaitAsync(Guid requestId);

    /// <summary>Releases the session's grant <paramref name="token"/>.</summary>
    Task<bool> ReleaseAsync(long token);
}
