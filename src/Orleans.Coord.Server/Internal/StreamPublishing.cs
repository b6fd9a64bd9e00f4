using Orleans.Streams;

namespace Orleans.Coord.Server.Internal;

/// <summary>Publishing the events of one write: one stream call for all of them.</summary>
internal static class StreamPublishing
{
    /// <summary>Sends <paramref name="events"/> in order, as one item or one batch.</summary>
    public static Task PublishAllAsync<TEvent>(this IAsyncStream<TEvent> stream, IReadOnlyList<TEvent> events) =>
        events.Count == 1 ? stream.OnNextAsync(events[0]) : stream.OnNextBatchAsync(events);
}
