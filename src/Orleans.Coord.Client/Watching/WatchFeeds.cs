using System.Runtime.CompilerServices;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Watching;

namespace Orleans.Coord.Client.Watching;

/// <summary>
/// The shared watch feeds of one client: of one <see cref="IGrainFactory"/> instance (a cluster client, or the grain
/// factory of a silo whose sessions run inside it), at most one live <see cref="SharedWatchFeed{TEvent, TSnapshot}"/>
/// per watched grain and stream namespace, whichever session opened the watches. A feed is counted by the watches
/// attached to it: the first watch creates it, later watches attach to it, and the last one's detach ends it. The
/// table's lock makes attaching and the last detach exclusive, so a watch never attaches to a feed that is ending: it
/// creates a successor, which starts only once the ending feed has ended (so the grain sees at most one registration
/// of this client at a time). A session's end does not touch the feeds; only each watch's own dispose detaches it.
/// </summary>
internal sealed class WatchFeeds
{
    private static readonly ConditionalWeakTable<IGrainFactory, WatchFeeds> ByClient = new();

    private readonly Lock _gate = new();
    private readonly Dictionary<WatchFeedKey, ISharedWatchFeed> _feeds = [];

    /// <summary>The feeds of the client whose grain factory is <paramref name="grains"/>; they go with it.</summary>
    public static WatchFeeds Of(IGrainFactory grains) => ByClient.GetValue(grains, _ => new WatchFeeds());

    /// <summary>
    /// Attaches <paramref name="buffer"/> to the feed of <paramref name="grain"/>, creating the feed (for
    /// <paramref name="session"/>'s client) when there is none or the one there is ending or failed. The buffer gets
    /// every event the feed receives from now on; the caller then awaits <see cref="WatchFeedAttachment{TEvent, TSnapshot}.JoinAsync"/>.
    /// </summary>
    public WatchFeedAttachment<TEvent, TSnapshot> Attach<TEvent, TSnapshot>(
        SessionContext session,
        IWatchableGrain<TEvent, TSnapshot> grain,
        string streamNamespace,
        VersionedEventBuffer<TEvent> buffer)
        where TEvent : class
    {
        var key = new WatchFeedKey(grain.GetGrainId(), streamNamespace);
        lock (_gate)
        {
            var current = _feeds.TryGetValue(key, out var found) ? (SharedWatchFeed<TEvent, TSnapshot>)found : null;
            if (current is null || !current.TryAttach(buffer))
            {
                var created = new SharedWatchFeed<TEvent, TSnapshot>(session, grain, streamNamespace, current?.Closed ?? Task.CompletedTask);
                created.AttachFirst(buffer);
                _feeds[key] = created;
                current = created;
            }

            return new WatchFeedAttachment<TEvent, TSnapshot>(this, key, current, buffer);
        }
    }

    /// <summary>How many watches are attached to the live feed of <paramref name="key"/> (0 when there is none): for tests.</summary>
    public int WatchesOf(WatchFeedKey key)
    {
        lock (_gate)
        {
            return _feeds.TryGetValue(key, out var feed) ? feed.Watches : 0;
        }
    }

    /// <summary>Detaches a watch's buffer; the last watch's detach ends the feed and returns when it has ended.</summary>
    internal async Task DetachAsync<TEvent, TSnapshot>(WatchFeedKey key, SharedWatchFeed<TEvent, TSnapshot> feed, VersionedEventBuffer<TEvent> buffer)
        where TEvent : class
    {
        lock (_gate)
        {
            if (!feed.Detach(buffer))
            {
                return;
            }
        }

        await feed.Closed;
        lock (_gate)
        {
            if (_feeds.TryGetValue(key, out var current) && ReferenceEquals(current, feed))
            {
                _feeds.Remove(key);
            }
        }
    }
}
