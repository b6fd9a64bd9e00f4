using System.Collections.Concurrent;
using Orleans.Coord.Watching;

namespace Orleans.Coord.Tests.Watching;

/// <summary>A push endpoint that records what it is sent, with its reference on one client; disposing deletes the reference.</summary>
internal sealed class EventRecorder<TEvent> : ICoordEventObserver<TEvent>, IDisposable
{
    private readonly IGrainFactory _client;

    public EventRecorder(IGrainFactory client)
    {
        _client = client;
        Reference = client.CreateObjectReference<ICoordEventObserver<TEvent>>(this);
    }

    public ICoordEventObserver<TEvent> Reference { get; }

    public ConcurrentQueue<TEvent> Events { get; } = new();

    public Task OnEvent(TEvent e)
    {
        Events.Enqueue(e);
        return Task.CompletedTask;
    }

    public void Dispose() => _client.DeleteObjectReference<ICoordEventObserver<TEvent>>(Reference);
}
