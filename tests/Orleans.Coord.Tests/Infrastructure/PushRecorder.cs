using System.Collections.Concurrent;
using Orleans.Coord.Grains;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Infrastructure;

/// <summary>A lease observer that records every push in the order it arrives; for tests that call grains directly.</summary>
internal sealed class PushRecorder : ILeaseObserver
{
    private readonly ConcurrentQueue<(string Kind, Guid RequestId, long Token)> _pushes = new();

    /// <summary>The pushes received so far: "granted" or "lost", with the request and the token.</summary>
    public IReadOnlyList<(string Kind, Guid RequestId, long Token)> Pushes => _pushes.ToArray();

    public Task Granted(GrainId grain, Guid requestId, long token)
    {
        _pushes.Enqueue(("granted", requestId, token));
        return Task.CompletedTask;
    }

    public Task Lost(GrainId grain, Guid requestId, long token, string reason)
    {
        _pushes.Enqueue(("lost", requestId, token));
        return Task.CompletedTask;
    }
}
