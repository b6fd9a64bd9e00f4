using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Telemetry;
using Orleans.Coord.Telemetry;
using Orleans.Coord.Watching;

namespace Orleans.Coord.Client.Watching;

/// <summary>
/// One watch of a grain's changes (docs/design.md, rule 6), the reader behind group watches and election
/// observations. It attaches its own buffer to its client's feed of the grain (<see cref="WatchFeeds"/>: one stream
/// subscription and one push registration for every watch of the grain in the client, created by the first), then
/// reads the snapshot; from then on it yields each later version once and in order, whichever path brought it first.
/// On a version gap, or when the periodic check finds the grain at a version it never received, it re-reads the
/// snapshot and yields the difference as resync events (after a periodic check it also has the feed subscribe to the
/// stream afresh, once the difference is out; one resubscription serves every watch that noticed). The watch ends when
/// the source is gone (a group deleted). Its dispose detaches it from the feed; the last watch's dispose ends the feed.
/// </summary>
internal partial class VersionedWatch<TEvent, TSnapshot> : IAsyncDisposable
    where TEvent : class
    where TSnapshot : class
{
    private readonly SessionContext _session;
    private readonly string _primitive;
    private readonly IWatchableGrain<TEvent, TSnapshot> _grain;
    private readonly Func<TSnapshot, IWatchView<TEvent, TSnapshot>> _newView;
    private readonly Func<Exception, bool> _isGone;
    private readonly ILogger _logger;
    private readonly string _streamNamespace;
    private readonly VersionedEventBuffer<TEvent> _events;
    private WatchFeedAttachment<TEvent, TSnapshot>? _feed;
    private IWatchView<TEvent, TSnapshot>? _view;
    private int _reading;

    /// <param name="session">The session the watch runs in.</param>
    /// <param name="grain">The watched grain.</param>
    /// <param name="streamNamespace">The namespace of the grain's stream (its key is the grain's name).</param>
    /// <param name="primitive">The kind of grain in metrics and spans (group or election).</param>
    /// <param name="versionOf">An event's version.</param>
    /// <param name="newView">The view that starts from a snapshot.</param>
    /// <param name="isGone">Whether an error of the snapshot read means the source is gone (the watch then ends).</param>
    public VersionedWatch(
        SessionContext session,
        IWatchableGrain<TEvent, TSnapshot> grain,
        string streamNamespace,
        string primitive,
        Func<TEvent, long> versionOf,
        Func<TSnapshot, IWatchView<TEvent, TSnapshot>> newView,
        Func<Exception, bool> isGone)
    {
        _session = session;
        _primitive = primitive;
        _grain = grain;
        _newView = newView;
        _isGone = isGone;
        _logger = session.LoggerFactory.CreateLogger<VersionedWatch<TEvent, TSnapshot>>();
        _streamNamespace = streamNamespace;
        _events = new(versionOf, () => session.Instruments.WaitedForGap(primitive, Name));
    }

    /// <summary>The watched name.</summary>
    public string Name => _grain.GetPrimaryKeyString();

    /// <summary>The snapshot the watch started from.</summary>
    public TSnapshot Snapshot { get; private set; } = null!;

    /// <summary>
    /// Attaches to the client's feed of the grain (which subscribes to the stream and registers for pushes when it is
    /// new), then reads the snapshot; events after it are buffered until read.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The buffer takes the feed's events before the snapshot is read, so none after the snapshot is missed.
        _feed = WatchFeeds.Of(_session.Grains).Attach(_session, _grain, _streamNamespace, _events);
        try
        {
            await _feed.JoinAsync(_session, cancellationToken);
            Snapshot = await GrainCallRetry.RunRepeatableAsync(_grain.GetSnapshotAsync, _session, cancellationToken);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }

        _view = _newView(Snapshot);
    }

    /// <summary>Yields each change after the snapshot once, in version order, until the source is gone. One reader at a time.</summary>
    public async IAsyncEnumerable<TEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var view = _view ?? throw new InvalidOperationException("The watch has not been started.");
        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("A watch can be read by one reader at a time.");
        }

        try
        {
            while (true)
            {
                _feed?.RenewIfDue(_session);

                var next = await _events.ReadAsync(view.Version, _session.Options.WatchResyncInterval, cancellationToken);
                IReadOnlyList<TEvent>? changes;
                if (next is null)
                {
                    // Quiet period: make sure no event was lost without a later one to reveal the gap.
                    var feed = _feed;
                    var generation = feed?.SubscriptionGeneration ?? 0;
                    var version = feed is not null
                        ? await feed.CheckVersionAsync(_session, cancellationToken)
                        : await GrainCallRetry.RunRepeatableAsync(_grain.GetVersionAsync, _session, cancellationToken);
                    if (version <= view.Version)
                    {
                        if (version < 0)
                        {
                            yield break;
                        }

                        continue;
                    }

                    LogMissed(Name, view.Version, version);
                    // The snapshot first, so that catching up never waits on the stream that may be what lost it.
                    changes = await ResyncAsync(view, cancellationToken);
                    if (changes is not null)
                    {
                        foreach (var change in changes)
                        {
                            yield return change;
                        }

                        if (feed is not null)
                        {
                            await feed.ResubscribeAsync(generation);
                        }
                    }
                }
                else if (_events.VersionOf(next) == view.Version + 1)
                {
                    view.Apply(next);
                    _session.Instruments.Delivered(_primitive, Name, 1);
                    yield return next;
                    continue;
                }
                else
                {
                    LogGap(Name, view.Version, _events.VersionOf(next));
                    changes = await ResyncAsync(view, cancellationToken);
                    foreach (var change in changes ?? [])
                    {
                        yield return change;
                    }
                }

                if (changes is null)
                {
                    yield break;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    /// <summary>Detaches the watch from its client's feed (the last watch's detach ends the feed); a reader still running then checks the version by reading it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _feed, null) is { } feed)
        {
            await feed.DisposeAsync();
        }
    }

    /// <summary>
    /// Re-reads the snapshot and returns the difference; null when the source is gone. Counted as a resync, and a span
    /// whose token is the version the watch caught up to.
    /// </summary>
    private async Task<IReadOnlyList<TEvent>?> ResyncAsync(IWatchView<TEvent, TSnapshot> view, CancellationToken cancellationToken)
    {
        _session.Instruments.Resynced(_primitive, Name);
        var activity = SpanNames.Start(SpanNames.Resync, _primitive, Name, _session.MemberId);
        try
        {
            var snapshot = await GrainCallRetry.RunRepeatableAsync(_grain.GetSnapshotAsync, _session, cancellationToken);
            var changes = view.MoveTo(snapshot, DateTimeOffset.UtcNow);
            _session.Instruments.Delivered(_primitive, Name, changes.Count);
            activity?.SetTag(CoordTelemetry.TokenTag, view.Version);
            activity.Finish("ok");
            return changes;
        }
        catch (Exception ex) when (_isGone(ex))
        {
            activity.Finish("gone");
            return null;
        }
        catch (Exception ex)
        {
            activity.Finish("failed", ex);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Name}: events after version {Have} were lost (next seen {Seen}); re-reading the snapshot")]
    private partial void LogGap(string name, long have, long seen);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Name}: at version {Have} but the source is at {Current}; re-reading the snapshot and resubscribing")]
    private partial void LogMissed(string name, long have, long current);
}
