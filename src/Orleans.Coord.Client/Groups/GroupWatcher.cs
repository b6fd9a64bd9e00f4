using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Grains;
using Orleans.Coord.Internal;
using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Coord.Groups;

/// <summary>
/// One watch of a group: subscribe to the group's stream, read the snapshot, then yield each later version once and
/// in order; on a gap (or a version seen only by the periodic check) re-read the snapshot and yield the difference
/// (after a periodic check also subscribe afresh, once the difference is out).
/// </summary>
internal sealed partial class GroupWatcher(SessionContext session, string group) : IGroupWatch
{
    private readonly ILogger _logger = session.LoggerFactory.CreateLogger<GroupWatcher>();
    private readonly IGroupGrain _grain = session.Grains.GetGrain<IGroupGrain>(group);

    private readonly VersionedEventBuffer<GroupEvent> _events = new(e => e.Version);
    private IAsyncStream<GroupEvent>? _stream;
    private StreamSubscriptionHandle<GroupEvent>? _handle;
    private PushRegistration<GroupEvent>? _push;
    private GroupView? _view;
    private int _reading;

    public string Group => group;

    /// <summary>The snapshot the watch started from.</summary>
    public GroupSnapshot Snapshot { get; private set; } = null!;

    /// <summary>Subscribes to the group's stream, then reads the snapshot; events after it are buffered until read.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _stream = session.Streams.GetStream<GroupEvent>(StreamId.Create(CoordConstants.GroupStreamNamespace, group));
        _handle = await SubscribeAsync(_stream, _events);
        try
        {
            // Pushes are the fast path; the stream subscribed above is the one that survives a silo loss.
            _push = new PushRegistration<GroupEvent>(session, _grain, _events.Write);
            await _push.RenewAsync(cancellationToken);
            Snapshot = await GrainCallRetry.RunRepeatableAsync(_grain.GetSnapshotAsync, session.Options, cancellationToken);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }

        _view = new GroupView(Snapshot);
    }

    public async ValueTask DisposeAsync()
    {
        var handle = Interlocked.Exchange(ref _handle, null);
        if (handle is not null)
        {
            await TryUnsubscribeAsync(handle);
        }

        var push = Interlocked.Exchange(ref _push, null);
        if (push is not null)
        {
            await push.DisposeAsync();
        }
    }

    /// <summary>Yields each change after the snapshot once, in version order. Only one reader at a time.</summary>
    public async IAsyncEnumerable<GroupEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_view is null || _stream is null)
        {
            throw new InvalidOperationException("The watch has not been started.");
        }

        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("A group watch can be read by one reader at a time.");
        }

        var view = _view;
        try
        {
            while (true)
            {
                if (_push is { } push)
                {
                    await push.RenewIfDueAsync(cancellationToken);
                }

                var next = await _events.ReadAsync(view.Version, session.Options.WatchResyncInterval, cancellationToken);
                if (next is null)
                {
                    // Quiet period: make sure no event was lost without a later one to reveal the gap.
                    var version = _push is { } renewal
                        ? await renewal.RenewAsync(cancellationToken)
                        : await GrainCallRetry.RunRepeatableAsync(_grain.GetVersionAsync, session.Options, cancellationToken);
                    if (version < 0)
                    {
                        yield break;
                    }

                    if (version > view.Version)
                    {
                        LogMissed(group, view.Version, version);

                        // The snapshot first, so that catching up never waits on the stream that may be what lost it.
                        var changes = await ResyncAsync(view, cancellationToken);
                        if (changes is null)
                        {
                            yield break;
                        }

                        foreach (var change in changes)
                        {
                            yield return change;
                        }

                        var old = Interlocked.Exchange(ref _handle, null);
                        if (old is not null)
                        {
                            await TryUnsubscribeAsync(old);
                        }

                        _handle = await SubscribeAsync(_stream, _events);
                    }

                    continue;
                }

                if (next.Version <= view.Version)
                {
                    continue;
                }

                if (next.Version == view.Version + 1)
                {
                    view.Apply(next);
                    yield return next;
                    continue;
                }

                LogGap(group, view.Version, next.Version);
                var resynced = await ResyncAsync(view, cancellationToken);
                if (resynced is null)
                {
                    yield break;
                }

                foreach (var change in resynced)
                {
                    yield return change;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    private static Task<StreamSubscriptionHandle<GroupEvent>> SubscribeAsync(IAsyncStream<GroupEvent> stream, VersionedEventBuffer<GroupEvent> events) =>
        stream.SubscribeAsync((e, _) =>
        {
            events.Write(e);
            return Task.CompletedTask;
        });

    private async Task<IReadOnlyList<GroupEvent>?> ResyncAsync(GroupView view, CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await GrainCallRetry.RunRepeatableAsync(_grain.GetSnapshotAsync, session.Options, cancellationToken);
            return view.MoveTo(snapshot, DateTimeOffset.UtcNow);
        }
        catch (GroupNotFoundException)
        {
            return null;
        }
    }

    private async Task TryUnsubscribeAsync(StreamSubscriptionHandle<GroupEvent> handle)
    {
        try
        {
            await handle.UnsubscribeAsync();
        }
        catch (Exception ex)
        {
            LogUnsubscribeFailed(ex, group);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of group {Group}: events after version {Have} were lost (next seen {Seen}); re-reading the snapshot")]
    private partial void LogGap(string group, long have, long seen);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of group {Group}: at version {Have} but the group is at {Current}; resubscribing and re-reading the snapshot")]
    private partial void LogMissed(string group, long have, long current);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watch of group {Group}: unsubscribing failed")]
    private partial void LogUnsubscribeFailed(Exception ex, string group);
}
