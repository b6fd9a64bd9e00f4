using Orleans.Coord.Grains;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Leases;
using Orleans.Coord.Validation;

using Orleans.Coord.Locks;

namespace Orleans.Coord.Client.Locks;

/// <summary>The session's reader-writer lock API over the reader-writer lock grains.</summary>
internal sealed class ReaderWriterLockCoordinator(SessionContext session, LeaseAcquirer acquirer) : IReaderWriterLockCoordinator
{
    public Task<ILockHandle?> TryAcquireReadAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        TryCoreAsync(name, ReaderWriterPermits.Reader, timeout, cancellationToken);

    public Task<ILockHandle> AcquireReadAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        AcquireCoreAsync(name, ReaderWriterPermits.Reader, timeout, cancellationToken);

    public Task<ILockHandle?> TryAcquireWriteAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        TryCoreAsync(name, ReaderWriterPermits.Writer, timeout, cancellationToken);

    public Task<ILockHandle> AcquireWriteAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        AcquireCoreAsync(name, ReaderWriterPermits.Writer, timeout, cancellationToken);

    public Task<IReadOnlyList<LockGrant>> GetHoldersAsync(string name, CancellationToken cancellationToken = default) =>
        GrainCallRetry.RunRepeatableAsync(Grain(name).GetHoldersAsync, session, cancellationToken);

    public Task<bool> IsStillOwnerAsync(string name, long fencingToken, CancellationToken cancellationToken = default) =>
        GrainCallRetry.RunRepeatableAsync(() => Grain(name).IsStillOwnerAsync(session.SessionId, fencingToken), session, cancellationToken);

    public Task<bool> BreakAsync(string name, CancellationToken cancellationToken = default)
    {
        var grain = Grain(name);
        return LockBreak.RunAsync(grain, grain.BreakAsync, session, cancellationToken);
    }

    private Task<ILockHandle?> TryCoreAsync(string name, int permits, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var target = Target(name, permits);
        return acquirer.AcquireAsync(target, Guard.Timeout(timeout, nameof(timeout)), cancellationToken);
    }

    private Task<ILockHandle> AcquireCoreAsync(string name, int permits, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var target = Target(name, permits);
        return acquirer.AcquireOrThrowAsync(target, Guard.Timeout(timeout, nameof(timeout)), cancellationToken);
    }

    private PermitTarget Target(string name, int permits) => new(Grain(name), session, name, Orleans.Coord.Telemetry.CoordTelemetry.Primitives.ReaderWriterLock, permits, ReaderWriterPermits.Capacity);

    private IReaderWriterLockGrain Grain(string name) => session.Grains.Reference<IReaderWriterLockGrain>(Guard.Name(name, nameof(name)));
}
