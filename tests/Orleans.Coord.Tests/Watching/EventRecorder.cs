using System.Collections.Concurrent;
using Orleans.Coord.Watching;

namespace Orleans.Coord.Tests.Watching;

/// <summary>A push endpoint that records what it is sent.</summary>
internal sealed class EventRecorder<TEvent> : ICoordEventObserver<TEvent>
{
    public ConcurrentQueue<TEvent> Events { get; } = new();

    public Task OnEvent(TEvent e)
    {
        Events.Enqueue(e);
        return Task.CompletedTask;
    }
}
