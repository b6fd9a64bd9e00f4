using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Coord.Grains;
using Orleans.Coord.Locks;
using Orleans.Coord.Server.Internal;
using Orleans.Coord.Server.Leases;

namespace Orleans.Coord.Server.Locks;

/// <summary>
/// One exclusive lock: the lease-queue engine with a capacity of one, an administrator's break, and Chubby's
/// lock-delay after an expired hold (<see cref="CoordLockOptions.LockDelay"/>).
/// </summary>
[Reentrant]
internal sealed class LockGrain(
    [PersistentState("lock", ReadCheckedGrainStorage.Name)] IPersistentState<LeaseQueueState> state,
    ILogger<LockGrain> logger,
    TimeProvider clock,
    IOptions<CoordLockOptions> options) : LockQueueGrain(state, logger, clock), ILockGrain
{
    protected override string StreamNamespace => CoordConstants.LockStreamNamespace;

    public override string Primitive => Orleans.Coord.Telemetry.CoordTelemetry.Primitives.Lock;

    protected override int Capacity => 1;

    protected override TimeSpan DelayAfterExpiry => options.Value.EffectiveLockDelay;

    public Task<LockGrant?> TryAcquireAsync(Guid sessionId, string memberId, Guid requestId, RequestOrder order, ILeaseObserver? observer) =>
        Commits.RunAsync(() => TryAcquireInTurnAsync(NewRequest(sessionId, memberId, requestId, order, 1, observer), Grant));

    public Task<LockRequestStatus> EnqueueAsync(Guid sessionId, string memberId, Guid requestId, RequestOrder order, ILeaseObserver observer) =>
        EnqueueAsync(() => NewRequest(sessionId, memberId, requestId, order, 1, observer), Status);

    public Task<LockGrant?> GetHolderAsync() => Commits.RunAsync(() => Task.FromResult(Grant(S.Holders.FirstOrDefault())));
}
