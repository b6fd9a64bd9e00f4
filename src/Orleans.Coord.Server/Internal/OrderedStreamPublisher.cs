using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Coord.Server.Internal;

/// <summary>
/// Publishes a grain's events on its stream (the coordination stream provider, <paramref name="streamNamespace"/>, the
/// grain's name) in order without holding anything up: each publish starts once the one before it has ended, and the
/// caller goes on at once. So a slow or stuck stream never delays an answer, a grant, a lost-lease notice or a push to
/// a watcher (those paths reach clients without the stream). A publish that fails is reported to
/// <paramref name="failed"/> and skipped: the events are persisted, and watchers notice the missing versions and
/// re-read the snapshot. Use it from inside the grain's activation only.
/// </summary>
/// <param name="grain">The publishing grain; its string key names the stream.</param>
/// <param name="streamNamespace">The stream namespace of the grain's kind.</param>
/// <param name="failed">Logs a publish that failed, with its events.</param>
internal sealed class OrderedStreamPublisher<TEvent>(Grain grain, string streamNamespace, Action<Exception, IReadOnlyList<TEvent>> failed)
{
    private IAsyncStream<TEvent>? _stream;
    private Task _tail = Task.CompletedTask;

    /// <summary>Queues <paramref name="events"/> (one write's events, in version order) behind the publishes before it.</summary>
    public void Publish(IReadOnlyList<TEvent> events)
    {
        if (events.Count > 0)
        {
            _tail = PublishAfterAsync(_tail, events);
        }
    }

    private async Task PublishAfterAsync(Task previous, IReadOnlyList<TEvent> events)
    {
        await previous;
        try
        {
            _stream ??= grain.GetStreamProvider(CoordConstants.StreamProviderName)
                .GetStream<TEvent>(StreamId.Create(streamNamespace, grain.GetPrimaryKeyString()));
            await _stream.PublishAllAsync(events);
        }
        catch (Exception ex)
        {
            failed(ex, events);
        }
    }
}
