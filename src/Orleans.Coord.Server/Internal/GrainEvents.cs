using Microsoft.Extensions.Logging;
using Orleans.Coord.Watching;

namespace Orleans.Coord.Server.Internal;

/// <summary>
/// A grain's events. Each event is recorded with the change that produced it; once the write of a
/// <see cref="CommitPipeline{TState}"/> that persists the change has succeeded, that write's events are pushed to the
/// grain's watchers and queued on its stream together (one stream call per write), in version order. A failed publish
/// is logged: the change is persisted, and watchers notice the missing versions and re-read the snapshot. With no
/// stream namespace (a kind whose stream is turned off) and no watcher, an event only records its change.
/// </summary>
internal sealed partial class GrainEvents<TEvent>(Grain grain, string? streamNamespace, string resource, int maxWatches, TimeProvider clock, ILogger logger)
{
    private readonly EventWatchers<TEvent> _watchers = new(clock, logger);
    private OrderedStreamPublisher<TEvent>? _stream;
    private List<TEvent>? _current;
    private long _batch;

    /// <summary>Records a change that produced <paramref name="e"/>; it is published after the write that persists the change.</summary>
    public void Add<TState>(CommitPipeline<TState> commits, TEvent e)
        where TState : class
    {
        var batch = commits.Changed();
        if (streamNamespace is null && _watchers.Count == 0)
        {
            // Nobody can hear it: no stream, no push registration.
            return;
        }

        if (_current is not null && _batch == batch)
        {
            _current.Add(e);
            return;
        }

        var events = _current = [e];
        _batch = batch;
        commits.AfterWrite(() => Publish(events));
    }

    /// <summary>
    /// A watchable grain's <c>WatchAsync</c>: registers or renews <paramref name="watcher"/>, answering
    /// <paramref name="version"/>; a new watcher beyond the grain's limit of live watches is refused
    /// (<see cref="CoordinationLimitExceededException"/>).
    /// </summary>
    public long Watch(ICoordEventObserver<TEvent> watcher, TimeSpan lease, long version)
    {
        _watchers.Renew(watcher, lease, maxWatches, resource);
        return version;
    }

    /// <summary>A watchable grain's <c>UnwatchAsync</c>.</summary>
    public Task Unwatch(ICoordEventObserver<TEvent> watcher)
    {
        _watchers.Remove(watcher);
        return Task.CompletedTask;
    }

    private Task Publish(IReadOnlyList<TEvent> events)
    {
        foreach (var e in events)
        {
            _watchers.Push(e);
        }

        if (streamNamespace is not null)
        {
            (_stream ??= new(grain, streamNamespace, (ex, failed) => LogPublishFailed(ex, grain.GetGrainId(), failed.Count))).Publish(events);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Grain}: publishing {Count} event(s) failed; watchers resynchronise")]
    private partial void LogPublishFailed(Exception ex, Orleans.Runtime.GrainId grain, int count);
}
