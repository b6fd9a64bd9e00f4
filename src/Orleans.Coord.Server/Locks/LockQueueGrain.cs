using Microsoft.Extensions.Logging;
using Orleans.Coord.Locks;
using Orleans.Coord.Server.Leases;

namespace Orleans.Coord.Server.Locks;

/// <summary>
/// What exclusive locks, semaphores and reader-writer locks add to the lease-queue engine: grants and statuses in
/// the words of locks (<see cref="LockGrant"/>, <see cref="LockRequestStatus"/>), and <see cref="LockEvent"/>s.
/// </summary>
internal abstract class LockQueueGrain(IPersistentState<LeaseQueueState> state, ILogger logger, TimeProvider clock)
    : LeaseQueueGrain<LockEvent>(state, logger, clock)
{
    public Task<LockRequestStatus> GetRequestStatusAsync(Guid requestId) => Commits.RunAsync(() => Task.FromResult(Status(StatusOf(requestId))));

    public Task<bool> ReleaseAsync(Guid sessionId, Guid requestId, long token) => Commits.RunAsync(() => ReleaseInTurnAsync(sessionId, requestId, token));

    public Task<bool> IsStillOwnerAsync(Guid sessionId, long token) => Commits.RunAsync(() => IsHolderAsync(sessionId, token));

    public Task<int> GetQueueLengthAsync() => Commits.RunAsync(() => Task.FromResult(S.Waiters.Count));

    protected static LockGrant? Grant(Lease? lease) => lease is null ? null : new(lease.Token, lease.MemberId, lease.SessionId);

    protected override LockEvent ToEvent(LeaseChange change, Lease lease, long version, DateTimeOffset at) =>
        new(Name, lease.MemberId, lease.SessionId, Kind(change), Reason(change), lease.Token, version, at);

    protected static LockRequestStatus Status(LeaseStatus status) =>
        status.Granted is { } lease ? LockRequestStatus.Granted(lease.Token) : status.Waiting ? LockRequestStatus.Queued : LockRequestStatus.Unknown;

    private static LockEventKind Kind(LeaseChange change) => change switch
    {
        LeaseChange.Granted => LockEventKind.Acquired,
        LeaseChange.Expired => LockEventKind.Expired,
        LeaseChange.Broken => LockEventKind.Broken,
        _ => LockEventKind.Released,
    };
}
