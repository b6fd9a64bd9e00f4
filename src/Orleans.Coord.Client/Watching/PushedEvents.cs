using Orleans.Coord.Watching;

namespace Orleans.Coord.Client.Watching;

/// <summary>The observer object of one watch: hands each pushed event to the watch, beside the stream's.</summary>
internal sealed class PushedEvents<TEvent>(Action<TEvent> write) : ICoordEventObserver<TEvent>
{
    public Task OnEvent(TEvent e)
    {
        write(e);
        return Task.CompletedTask;
    }
}
