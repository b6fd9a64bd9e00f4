using Microsoft.Extensions.Logging;
using Orleans.Coord.Watching;
using Orleans.Runtime;

namespace Orleans.Coord.Server.Internal;

/// <summary>
/// The push registrations of one grain's watchers, in memory: each observer with the time its lease ends. Pushing
/// drops the registrations whose lease has ended, then calls every other observer one-way.
/// </summary>
internal sealed partial class EventWatchers<TEvent>(TimeProvider clock, ILogger logger)
{
    private readonly Dictionary<GrainId, (ICoordEventObserver<TEvent> Observer, DateTimeOffset Until)> _watchers = [];

    public int Count => _watchers.Count;

    /// <summary>
    /// Registers or renews <paramref name="observer"/> until its lease ends. A new registration beyond
    /// <paramref name="max"/> live ones (after dropping those whose lease has ended) throws
    /// <see cref="CoordinationLimitExceededException"/> naming <paramref name="resource"/>, and registers nothing.
    /// </summary>
    public void Renew(ICoordEventObserver<TEvent> observer, TimeSpan lease, int max, string resource)
    {
        ArgumentNullException.ThrowIfNull(observer);
        PushLease.Validate(lease, nameof(lease));
        var id = observer.GetGrainId();
        var now = clock.GetUtcNow();
        if (!_watchers.ContainsKey(id) && _watchers.Count >= max)
        {
            foreach (var lapsed in _watchers.Where(w => w.Value.Until < now).Select(w => w.Key).ToArray())
            {
                _watchers.Remove(lapsed);
            }

            if (_watchers.Count >= max)
            {
                throw new CoordinationLimitExceededException(resource, "MaxWatches", max);
            }
        }

        _watchers[id] = (observer, now + lease);
    }

    public void Remove(ICoordEventObserver<TEvent> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _watchers.Remove(observer.GetGrainId());
    }

    /// <summary>
    /// Sends <paramref name="e"/> to every watcher whose lease has not ended and drops the others; a failing send is
    /// logged and skipped (the watcher reads the stream too).
    /// </summary>
    public void Push(TEvent e)
    {
        if (_watchers.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        List<GrainId>? lapsed = null;
        foreach (var (id, (observer, until)) in _watchers)
        {
            if (until < now)
            {
                (lapsed ??= []).Add(id);
                continue;
            }

            try
            {
                // One-way: returns at once; the grain never waits for a watcher.
                _ = observer.OnEvent(e);
            }
            catch (Exception ex)
            {
                LogPushFailed(ex, id);
            }
        }

        lapsed?.ForEach(id => _watchers.Remove(id));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pushing an event to watcher {Watcher} failed; it reads the stream too")]
    private partial void LogPushFailed(Exception ex, GrainId watcher);
}
