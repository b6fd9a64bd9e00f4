using Orleans.Coord.Grains;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Infrastructure;

/// <summary>A lease observer that ignores every push, as if each one were lost; for tests that call grains directly.</summary>
internal sealed class DeafWaiter : ILeaseObserver
{
    public Task Granted(GrainId grain, Guid requestId, long token) => Task.CompletedTask;

    public Task Lost(GrainId grain, Guid requestId, long token, string reason) => Task.CompletedTask;
}
