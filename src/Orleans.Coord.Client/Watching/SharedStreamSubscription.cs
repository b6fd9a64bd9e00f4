using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Orleans.Coord.Client.Watching;

/// <summary>
/// The one subscription to a grain's stream that a <see cref="SharedWatchFeed{TEvent, TSnapshot}"/> holds for every
/// watch of the grain in this client. When watches find events that never arrived, it is replaced by a fresh
/// subscription once for all of them: each watch names the <see cref="Generation"/> it saw before its check, and only
/// the first to ask about that generation resubscribes (the others wait for that resubscription). The fresh
/// subscription is made before the old one is ended, so that the stream has no gap of its own (an event both deliver is
/// dropped by the watches' buffers). A failed resubscription is logged and keeps the old subscription; the next
/// check that finds events missing tries again.
/// </summary>
internal sealed partial class SharedStreamSubscription<TEvent> : IAsyncDisposable
{
    private readonly IAsyncStream<TEvent> _stream;
    private readonly Action<TEvent> _write;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private StreamSubscriptionHandle<TEvent>? _handle;
    private Task _resubscribing = Task.CompletedTask;
    private long _generation;
    private bool _disposed;

    /// <param name="stream">The grain's stream.</param>
    /// <param name="write">Takes each delivered event.</param>
    /// <param name="logger">Where failed subscription changes are logged.</param>
    public SharedStreamSubscription(IAsyncStream<TEvent> stream, Action<TEvent> write, ILogger logger)
    {
        _stream = stream;
        _write = write;
        _logger = logger;
    }

    /// <summary>Counts the resubscriptions begun; a watch reads it before a check that may find events missing.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Makes the first subscription.</summary>
    public async Task SubscribeAsync()
    {
        var handle = await _stream.SubscribeAsync((e, _) => OnNextAsync(e));
        if (!TryKeep(handle, out _))
        {
            await TryUnsubscribeAsync(handle);
        }
    }

    /// <summary>
    /// Subscribes afresh unless a resubscription began after generation <paramref name="seen"/>; returns when the
    /// resubscription (this caller's or the one that began) has finished. Never throws.
    /// </summary>
    public Task ResubscribeAsync(long seen)
    {
        lock (_gate)
        {
            if (_disposed || _generation != seen)
            {
                return _resubscribing;
            }

            Interlocked.Increment(ref _generation);
            return _resubscribing = Task.Run(ResubscribeCoreAsync);
        }
    }

    /// <summary>Ends the subscription, after a resubscription in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        StreamSubscriptionHandle<TEvent>? handle;
        Task resubscribing;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            (handle, _handle) = (_handle, null);
            resubscribing = _resubscribing;
        }

        await resubscribing;
        if (handle is not null)
        {
            await TryUnsubscribeAsync(handle);
        }
    }

    private async Task ResubscribeCoreAsync()
    {
        StreamSubscriptionHandle<TEvent> fresh;
        try
        {
            fresh = await _stream.SubscribeAsync((e, _) => OnNextAsync(e));
        }
        catch (Exception ex)
        {
            LogResubscribeFailed(ex, _stream.StreamId.ToString());
            return;
        }

        // The old one ends once the fresh one delivers; when the feed ended meanwhile, the fresh one ends too.
        var old = TryKeep(fresh, out var replaced) ? replaced : fresh;
        if (old is not null)
        {
            await TryUnsubscribeAsync(old);
        }
    }

    /// <summary>Makes <paramref name="handle"/> the subscription, handing back the one it replaces; false after the end.</summary>
    private bool TryKeep(StreamSubscriptionHandle<TEvent> handle, out StreamSubscriptionHandle<TEvent>? replaced)
    {
        lock (_gate)
        {
            replaced = _handle;
            if (_disposed)
            {
                return false;
            }

            _handle = handle;
            return true;
        }
    }

    private Task OnNextAsync(TEvent e)
    {
        _write(e);
        return Task.CompletedTask;
    }

    private async Task TryUnsubscribeAsync(StreamSubscriptionHandle<TEvent> handle)
    {
        try
        {
            await handle.UnsubscribeAsync();
        }
        catch (Exception ex)
        {
            LogUnsubscribeFailed(ex, _stream.StreamId.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stream {Stream}: subscribing afresh failed; the old subscription stays and the next check that finds events missing tries again")]
    private partial void LogResubscribeFailed(Exception ex, string stream);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream {Stream}: unsubscribing failed")]
    private partial void LogUnsubscribeFailed(Exception ex, string stream);
}
