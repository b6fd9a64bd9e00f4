using Orleans.Coord.Client;
namespace Orleans.Coord.Benchmarks.Locks;

/// <summary>Orleans.Coord's exclusive lock: one session per contender.</summary>
internal sealed class CoordLockSystem(Caller caller) : ILockSystem
{
    public string System => "orleans-coord";

    public async Task<ILockContender> StartContenderAsync(string id) => new Contender(await caller.StartSession(id, null));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Contender(ICoordinator session) : ILockContender
    {
        public async Task<(IAsyncDisposable, long?)> AcquireAsync(string name, TimeSpan timeout)
        {
            var handle = await session.Locks.AcquireAsync(name, timeout);
            return (handle, handle.FencingToken);
        }

        public ValueTask DisposeAsync() => session.DisposeAsync();
    }
}
