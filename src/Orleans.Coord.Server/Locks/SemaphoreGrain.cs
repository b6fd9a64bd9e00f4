using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Coord.Grains;
using Orleans.Coord.Locks;
using Orleans.Coord.Server.Internal;
using Orleans.Coord.Server.Leases;
using Orleans.Coord.Validation;

namespace Orleans.Coord.Server.Locks;

/// <summary>A counting semaphore: each holder takes one permit of the semaphore's max count.</summary>
[Reentrant]
internal sealed class SemaphoreGrain(
    [PersistentState("semaphore", ReadCheckedGrainStorage.Name)] IPersistentState<LeaseQueueState> state,
    ILogger<SemaphoreGrain> logger,
    TimeProvider clock) : PermitGrain(state, logger, clock), ISemaphoreGrain
{
    protected override string StreamNamespace => CoordConstants.SemaphoreStreamNamespace;

    public override string Primitive => Orleans.Coord.Telemetry.CoordTelemetry.Primitives.Semaphore;

    protected override void ValidateRequest(int permits, int capacity)
    {
        Guard.SemaphoreCount(capacity, "maxCount");
        if (permits != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permits), permits, $"{nameof(permits)} must be 1: each semaphore holder takes one permit.");
        }
    }
}
