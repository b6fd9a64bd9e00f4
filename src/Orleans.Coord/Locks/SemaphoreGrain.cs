using Microsoft.Extensions.Logging;
using Orleans.Coord.Grains;
using Orleans.Coord.Validation;

namespace Orleans.Coord.Locks;

/// <summary>A counting semaphore: each holder takes one permit of the semaphore's max count.</summary>
internal sealed class SemaphoreGrain(
    [PersistentState("semaphore", CoordConstants.StorageName)] IPersistentState<PermitState> state,
    ILogger<SemaphoreGrain> logger,
    TimeProvider clock) : PermitGrain(state, logger, clock), ISemaphoreGrain
{
    protected override string StreamNamespace => CoordConstants.SemaphoreStreamNamespace;

    protected override void ValidateRequest(int permits, int capacity)
    {
        Guard.SemaphoreCount(capacity, "maxCount");
        if (permits != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(permits), permits, $"{nameof(permits)} must be 1: each semaphore holder takes one permit.");
        }
    }
}
