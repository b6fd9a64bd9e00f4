using Orleans.Coord.Watching;

namespace Orleans.Coord.Client.Watching;

/// <summary>
/// The observer object of one shared watch feed (<see cref="SharedWatchFeed{TEvent, TSnapshot}"/>): hands each pushed
/// event to the feed, which writes it to every attached watch, beside the stream's deliveries.
/// </summary>
internal sealed class PushedEvents<TEvent>(Action<TEvent> write) : ICoordEventObserver<TEvent>
{
    public Task OnEvent(TEvent e)
    {
        write(e);
        return Task.CompletedTask;
    }
}
