using Orleans.Coord.Grains;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Leases;
using Orleans.Coord.Validation;

using Orleans.Coord.Locks;

namespace Orleans.Coord.Client.Locks;

/// <summary>The session's semaphore API over the semaphore grains.</summary>
internal sealed class SemaphoreCoordinator(SessionContext session, LeaseAcquirer acquirer) : ISemaphoreCoordinator
{
    public Task<ILockHandle?> TryAcquireAsync(string name, int maxCount, CancellationToken cancellationToken = default) =>
        acquirer.TryAsync(Target(name, maxCount), cancellationToken);

    public Task<ILockHandle?> TryAcquireAsync(string name, int maxCount, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var target = Target(name, maxCount);
        return acquirer.AcquireAsync(target, Guard.Timeout(timeout, nameof(timeout)), cancellationToken);
    }

    public Task<ILockHandle> AcquireAsync(string name, int maxCount, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var target = Target(name, maxCount);
        return acquirer.AcquireOrThrowAsync(target, Guard.Timeout(timeout, nameof(timeout)), cancellationToken);
    }

    public Task<IReadOnlyList<LockGrant>> GetHoldersAsync(string name, CancellationToken cancellationToken = default) =>
        GrainCallRetry.RunRepeatableAsync(Grain(name).GetHoldersAsync, session, cancellationToken);

    public Task<bool> IsStillOwnerAsync(string name, long fencingToken, CancellationToken cancellationToken = default) =>
        GrainCallRetry.RunRepeatableAsync(() => Grain(name).IsStillOwnerAsync(session.SessionId, fencingToken), session, cancellationToken);

    private PermitTarget Target(string name, int maxCount)
    {
        var grain = Grain(name);
        return new PermitTarget(grain, session, name, Orleans.Coord.Telemetry.CoordTelemetry.Primitives.Semaphore, 1, Guard.SemaphoreCount(maxCount, nameof(maxCount)));
    }

    private ISemaphoreGrain Grain(string name) => session.Grains.Reference<ISemaphoreGrain>(Guard.Name(name, nameof(name)));
}
