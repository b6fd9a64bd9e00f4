using Orleans.Coord.Grains;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Leases;
using Orleans.Coord.Validation;

using Orleans.Coord.Locks;

namespace Orleans.Coord.Client.Locks;

/// <summary>The session's lock API over the exclusive lock grains; semaphores and reader-writer locks hang off it.</summary>
internal sealed class LockCoordinator : ILockCoordinator
{
    private readonly SessionContext _session;
    private readonly LeaseAcquirer _acquirer;

    public LockCoordinator(SessionContext session, LeaseAcquirer acquirer)
    {
        _session = session;
        _acquirer = acquirer;
        Semaphores = new SemaphoreCoordinator(session, _acquirer);
        ReaderWriter = new ReaderWriterLockCoordinator(session, _acquirer);
    }

    public ISemaphoreCoordinator Semaphores { get; }

    public IReaderWriterLockCoordinator ReaderWriter { get; }

    public Task<ILockHandle?> TryAcquireAsync(string name, CancellationToken cancellationToken = default) =>
        _acquirer.TryAsync(Target(name), cancellationToken);

    public Task<ILockHandle?> TryAcquireAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var target = Target(name);
        return _acquirer.AcquireAsync(target, Guard.Timeout(timeout, nameof(timeout)), cancellationToken);
    }

    public Task<ILockHandle> AcquireAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var target = Target(name);
        return _acquirer.AcquireOrThrowAsync(target, Guard.Timeout(timeout, nameof(timeout)), cancellationToken);
    }

    public Task<bool> IsStillOwnerAsync(string name, long fencingToken, CancellationToken cancellationToken = default)
    {
        var grain = Grain(name);
        return GrainCallRetry.RunRepeatableAsync(() => grain.IsStillOwnerAsync(_session.SessionId, fencingToken), _session, cancellationToken);
    }

    public Task<bool> BreakAsync(string name, CancellationToken cancellationToken = default)
    {
        var grain = Grain(name);
        return LockBreak.RunAsync(grain, grain.BreakAsync, _session, cancellationToken);
    }

    public Task<LockGrant?> GetHolderAsync(string name, CancellationToken cancellationToken = default) =>
        GrainCallRetry.RunRepeatableAsync(Grain(name).GetHolderAsync, _session, cancellationToken);

    private ExclusiveLockTarget Target(string name) => new(Grain(name), _session, name);

    private ILockGrain Grain(string name) => _session.Grains.Reference<ILockGrain>(Guard.Name(name, nameof(name)));
}
