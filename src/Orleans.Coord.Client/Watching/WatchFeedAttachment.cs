using Orleans.Coord.Client.Internal;

namespace Orleans.Coord.Client.Watching;

/// <summary>
/// One watch's place on its client's <see cref="SharedWatchFeed{TEvent, TSnapshot}"/>: its buffer gets the feed's
/// events from the attach on, and its dispose detaches it (once; the last watch's dispose ends the feed and returns
/// when it has ended). The watch's calls that touch what the feed shares (renewing the push registration, the version
/// check, resubscribing) go through here, with the watch's session lending its options.
/// </summary>
internal sealed class WatchFeedAttachment<TEvent, TSnapshot>(
    WatchFeeds feeds,
    WatchFeedKey key,
    SharedWatchFeed<TEvent, TSnapshot> feed,
    VersionedEventBuffer<TEvent> buffer) : IAsyncDisposable
    where TEvent : class
{
    private int _detached;

    /// <inheritdoc cref="SharedWatchFeed{TEvent, TSnapshot}.SubscriptionGeneration"/>
    public long SubscriptionGeneration => feed.SubscriptionGeneration;

    /// <inheritdoc cref="SharedWatchFeed{TEvent, TSnapshot}.JoinAsync"/>
    public Task JoinAsync(SessionContext session, CancellationToken cancellationToken) => feed.JoinAsync(session, cancellationToken);

    /// <inheritdoc cref="SharedWatchFeed{TEvent, TSnapshot}.RenewIfDue"/>
    public void RenewIfDue(SessionContext session) => feed.RenewIfDue(session);

    /// <inheritdoc cref="SharedWatchFeed{TEvent, TSnapshot}.CheckVersionAsync"/>
    public Task<long> CheckVersionAsync(SessionContext session, CancellationToken cancellationToken) => feed.CheckVersionAsync(session, cancellationToken);

    /// <inheritdoc cref="SharedWatchFeed{TEvent, TSnapshot}.ResubscribeAsync"/>
    public Task ResubscribeAsync(long seen) => feed.ResubscribeAsync(seen);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _detached, 1) == 0)
        {
            await feeds.DetachAsync(key, feed, buffer);
        }
    }
}
