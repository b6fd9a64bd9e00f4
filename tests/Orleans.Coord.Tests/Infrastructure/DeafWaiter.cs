using Orleans.Coord.Locks;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Infrastructure;

/// <summary>A lock waiter that ignores every push, as if each one were lost; for tests that call grains directly.</summary>
internal sealed class DeafWaiter : ILockWaiter
{
    public Task Granted(GrainId lockGrain, Guid requestId, long token) => Task.CompletedTask;

    public Task Lost(GrainId lockGrain, long token, string reason) => Task.CompletedTask;
}
