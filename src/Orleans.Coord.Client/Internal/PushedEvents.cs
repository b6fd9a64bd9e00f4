using System.Threading.Channels;
using Orleans.Coord.Watching;

namespace Orleans.Coord.Internal;

/// <summary>The observer object of one watch: writes each pushed event into the watch's channel, beside the stream's.</summary>
internal sealed class PushedEvents<TEvent>(ChannelWriter<TEvent> writer) : ICoordEventObserver<TEvent>
{
    public Task OnEvent(TEvent e)
    {
        writer.TryWrite(e);
        return Task.CompletedTask;
    }
}
