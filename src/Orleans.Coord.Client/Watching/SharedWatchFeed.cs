using Microsoft.Extensions.Logging;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Watching;
using Orleans.Runtime;

namespace Orleans.Coord.Client.Watching;

/// <summary>
/// What every watch of one grain in one client shares (see <see cref="WatchFeeds"/>): one observer object with one push
/// registration at the grain (<see cref="PushRegistration{TEvent, TSnapshot}"/>) and one subscription to the grain's
/// stream (<see cref="SharedStreamSubscription{TEvent}"/>). Each event either path brings is written, in this
/// process, to the buffer of every attached watch (<see cref="EventFanOut{TEvent}"/>); each watch keeps its own order,
/// gap detection, resynchronisation and version checks. Nothing in it belongs to one session: the sessions whose watches
/// use it lend it their options for the calls they cause.
/// <para>
/// The feed starts when its first watch attaches: after its predecessor for the same grain (one that was ending) has
/// ended, it subscribes to the stream and then registers for pushes, as one watch did before. It ends when its last
/// watch detaches: it unsubscribes, unregisters and deletes the observer object. Its start and its end run on the thread
/// pool, so that neither the subscription nor the observer belongs to the grain a caller may be running in. Attaching and
/// detaching happen under the lock of <see cref="WatchFeeds"/>; a feed that is ending, or whose start failed, takes no
/// new watch (its table then starts a successor).
/// </para>
/// </summary>
internal sealed class SharedWatchFeed<TEvent, TSnapshot> : ISharedWatchFeed
    where TEvent : class
{
    private readonly EventFanOut<TEvent> _fanOut = new();
    private readonly PushRegistration<TEvent, TSnapshot> _push;
    private readonly SharedStreamSubscription<TEvent> _stream;
    private readonly CancellationTokenSource _end = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _ending;

    /// <param name="creator">The session of the first watch: its grain factory, stream provider and logging serve the feed.</param>
    /// <param name="grain">The watched grain.</param>
    /// <param name="streamNamespace">The namespace of the grain's stream (its key is the grain's name).</param>
    /// <param name="predecessor">Completes when the previous feed of the same grain in this client has ended.</param>
    public SharedWatchFeed(SessionContext creator, IWatchableGrain<TEvent, TSnapshot> grain, string streamNamespace, Task predecessor)
    {
        var logger = creator.LoggerFactory.CreateLogger<SharedWatchFeed<TEvent, TSnapshot>>();
        var stream = creator.Streams.GetStream<TEvent>(StreamId.Create(streamNamespace, grain.GetPrimaryKeyString()));
        _stream = new SharedStreamSubscription<TEvent>(stream, _fanOut.Write, logger);
        _push = new PushRegistration<TEvent, TSnapshot>(creator.Grains, grain, _fanOut.Write, logger);
        Started = Task.Run(() => StartAsync(creator, predecessor));
    }

    /// <summary>Completes when the stream is subscribed and the first push registration answered; fails when either failed.</summary>
    public Task Started { get; }

    /// <summary>Completes when the feed has ended (never fails).</summary>
    public Task Closed => _closed.Task;

    /// <summary>How many watches are attached.</summary>
    public int Watches => _fanOut.Count;

    /// <summary>The stream subscription's generation, read by a watch before a check that may find events missing.</summary>
    public long SubscriptionGeneration => _stream.Generation;

    /// <summary>Attaches a watch's buffer, which gets every event from now on; false when the feed is ending or failed to start. Under the table's lock.</summary>
    public bool TryAttach(VersionedEventBuffer<TEvent> buffer)
    {
        if (_ending is not null || Started.IsFaulted || Started.IsCanceled)
        {
            return false;
        }

        _fanOut.Add(buffer);
        return true;
    }

    /// <summary>Attaches the buffer of the watch that created the feed, whatever its start has come to. Under the table's lock.</summary>
    public void AttachFirst(VersionedEventBuffer<TEvent> buffer) => _fanOut.Add(buffer);

    /// <summary>Detaches a watch's buffer; when it was the last, the feed begins to end and this returns true. Under the table's lock.</summary>
    public bool Detach(VersionedEventBuffer<TEvent> buffer)
    {
        if (!_fanOut.Remove(buffer) || _fanOut.Count > 0 || _ending is not null)
        {
            return false;
        }

        _ending = Task.Run(CloseAsync);
        return true;
    }

    /// <summary>
    /// Waits until the feed has started, then makes sure the push registration was sent within a tenth of
    /// <paramref name="session"/>'s resync interval (renewing it otherwise: after a silo loss moved the grain, this
    /// registers again at once), so that a watch joining a running feed gets pushes as a watch of its own would.
    /// </summary>
    public async Task JoinAsync(SessionContext session, CancellationToken cancellationToken)
    {
        await Started.WaitAsync(cancellationToken);
        await _push.RenewAsync(session, Fresh(session), cancellationToken);
    }

    /// <summary>Renews the shared push registration in the background when it is due (see <see cref="PushRegistration{TEvent, TSnapshot}.RenewIfDue"/>).</summary>
    public void RenewIfDue(SessionContext session) => _push.RenewIfDue(session);

    /// <summary>
    /// The grain's current version, for a watch's quiet-period check: from a shared renewal sent within a tenth of
    /// <paramref name="session"/>'s resync interval, or from a renewal sent now.
    /// </summary>
    public Task<long> CheckVersionAsync(SessionContext session, CancellationToken cancellationToken) =>
        _push.RenewAsync(session, Fresh(session), cancellationToken);

    /// <summary>Subscribes to the stream afresh, once for every watch that saw <paramref name="seen"/> (see <see cref="SharedStreamSubscription{TEvent}"/>).</summary>
    public Task ResubscribeAsync(long seen) => _stream.ResubscribeAsync(seen);

    private static TimeSpan Fresh(SessionContext session) => session.Options.WatchResyncInterval / PushRegistration<TEvent, TSnapshot>.FreshFraction;

    private async Task StartAsync(SessionContext creator, Task predecessor)
    {
        var closing = _end.Token;
        await predecessor.WaitAsync(closing);
        // Pushes are the fast path; the stream, subscribed first, is the one that survives a silo loss.
        await _stream.SubscribeAsync();
        await _push.RenewAsync(creator, TimeSpan.Zero, closing);
    }

    private async Task CloseAsync()
    {
        try
        {
            await _end.CancelAsync();
            await Started.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _stream.DisposeAsync();
            await _push.DisposeAsync();
        }
        finally
        {
            _end.Dispose();
            _closed.TrySetResult();
        }
    }
}
