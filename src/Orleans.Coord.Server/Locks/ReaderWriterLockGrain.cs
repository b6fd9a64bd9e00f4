using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Coord.Grains;
using Orleans.Coord.Locks;
using Orleans.Coord.Server.Internal;
using Orleans.Coord.Server.Leases;

namespace Orleans.Coord.Server.Locks;

/// <summary>A reader-writer lock: a reader takes one permit, a writer all of them.</summary>
[Reentrant]
internal sealed class ReaderWriterLockGrain(
    [PersistentState("rwlock", ReadCheckedGrainStorage.Name)] IPersistentState<LeaseQueueState> state,
    ILogger<ReaderWriterLockGrain> logger,
    TimeProvider clock) : PermitGrain(state, logger, clock), IReaderWriterLockGrain
{
    protected override string StreamNamespace => CoordConstants.ReaderWriterLockStreamNamespace;

    public override string Primitive => Orleans.Coord.Telemetry.CoordTelemetry.Primitives.ReaderWriterLock;

    protected override void ValidateRequest(int permits, int capacity)
    {
        if (capacity != ReaderWriterPermits.Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"{nameof(capacity)} of a reader-writer lock must be {ReaderWriterPermits.Capacity}.");
        }

        if (permits is not (ReaderWriterPermits.Reader or ReaderWriterPermits.Writer))
        {
            throw new ArgumentOutOfRangeException(nameof(permits), permits, $"{nameof(permits)} must be {ReaderWriterPermits.Reader} (reader) or {ReaderWriterPermits.Writer} (writer).");
        }
    }
}
