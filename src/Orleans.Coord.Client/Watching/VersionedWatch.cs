using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Telemetry;
using Orleans.Coord.Telemetry;
using Orleans.Coord.Watching;
using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Coord.Client.Watching;

/// <summary>
/// One watch of a grain's changes (docs/design.md, rule 6), the reader behind group watches and election
/// observations. It subscribes to the grain's stream and registers for the grain's pushes, then reads the snapshot;
/// from then on it yields each later version once and in order, whichever path brought it first. On a version gap, or
/// when the periodic check finds the grain at a version it never received, it re-reads the snapshot and yields the
/// difference as resync events (after a periodic check it also subscribes to the stream afresh, once the difference
/// is out). The watch ends when the source is gone (a group deleted).
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
    private readonly IAsyncStream<TEvent> _stream;
    private readonly VersionedEventBuffer<TEvent> _events;
    private StreamSubscriptionHandle<TEvent>? _handle;
    private PushRegistration<TEvent, TSnapshot>? _push;
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
        _stream = session.Streams.GetStream<TEvent>(StreamId.Create(streamNamespace, Name));
        _events = new(versionOf, () => session.Instruments.WaitedForGap(primitive, Name));
    }

    /// <summary>The watched name.</summary>
    public string Name => _grain.GetPrimaryKeyString();

    /// <summary>The snapshot the watch started from.</summary>
    public TSnapshot Snapshot { get; private set; } = null!;

    /// <summary>Subscribes to the stream and the pushes, then reads the snapshot; events after it are buffered until read.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _handle = await SubscribeAsync();
        try
        {
            // Pushes are the fast path; the stream subscribed above is the one that survives a silo loss.
            _push = new PushRegistration<TEvent, TSnapshot>(_session, _grain, _events.Write);
            await _push.RenewAsync(cancellationToken);
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
                if (_push is { } push)
                {
                    await push.RenewIfDueAsync(cancellationToken);
                }

                var next = await _events.ReadAsync(view.Version, _session.Options.WatchResyncInterval, cancellationToken);
                IReadOnlyList<TEvent>? changes;
                if (next is null)
                {
                    // Quiet period: make sure no event was lost without a later one to reveal the gap.
                    var version = _push is { } renewal
                        ? await renewal.RenewAsync(cancellationToken)
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

                        await ResubscribeAsync();
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

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _handle, null) is { } handle)
        {
            await TryUnsubscribeAsync(handle);
        }

        if (Interlocked.Exchange(ref _push, null) is { } push)
        {
            await push.DisposeAsync();
        }
    }

    private Task<StreamSubscriptionHandle<TEvent>> SubscribeAsync() =>
        _stream.SubscribeAsync((e, _) =>
        {
            _events.Write(e);
            return Task.CompletedTask;
        });

    private async Task ResubscribeAsync()
    {
        if (Interlocked.Exchange(ref _handle, null) is { } old)
        {
            await TryUnsubscribeAsync(old);
        }

        _handle = await SubscribeAsync();
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

    private async Task TryUnsubscribeAsync(StreamSubscriptionHandle<TEvent> handle)
    {
        try
        {
            await handle.UnsubscribeAsync();
        }
        catch (Exception ex)
        {
            LogUnsubscribeFailed(ex, Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Name}: events after version {Have} were lost (next seen {Seen}); re-reading the snapshot")]
    private partial void LogGap(string name, long have, long seen);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Name}: at version {Have} but the source is at {Current}; re-reading the snapshot and resubscribing")]
    private partial void LogMissed(string name, long have, long current);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watch of {Name}: unsubscribing failed")]
    private partial void LogUnsubscribeFailed(Exception ex, string name);
}
