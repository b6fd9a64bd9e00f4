using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Grains;
using Orleans.Coord.Internal;
using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Coord.Elections;

/// <summary>
/// One observation of an election: subscribe to the election's stream, read the snapshot, then yield each later version
/// once and in order; on a gap (or a version seen only by the periodic check) re-read the snapshot and yield the
/// difference.
/// </summary>
internal sealed partial class ElectionObservation(SessionContext session, string election) : IElectionObservation
{
    private readonly ILogger _logger = session.LoggerFactory.CreateLogger<ElectionObservation>();
    private readonly IElectionGrain _grain = session.Grains.GetGrain<IElectionGrain>(election);
    private readonly VersionedEventBuffer<ElectionEvent> _events = new(e => e.Version);
    private IAsyncStream<ElectionEvent>? _stream;
    private StreamSubscriptionHandle<ElectionEvent>? _handle;
    private PushRegistration<ElectionEvent>? _push;
    private ElectionView? _view;
    private int _reading;

    public string Election => election;

    public ElectionSnapshot Snapshot { get; private set; } = null!;

    /// <summary>Subscribes to the election's stream, then reads the snapshot; events after it are buffered until read.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _stream = session.Streams.GetStream<ElectionEvent>(StreamId.Create(CoordConstants.ElectionStreamNamespace, election));
        _handle = await SubscribeAsync(_stream, _events);
        try
        {
            // Pushes are the fast path; the stream subscribed above is the one that survives a silo loss.
            _push = new PushRegistration<ElectionEvent>(session, _grain, _events.Write);
            await _push.RenewAsync(cancellationToken);
            Snapshot = await GrainCallRetry.RunRepeatableAsync(_grain.GetSnapshotAsync, session.Options, cancellationToken);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }

        _view = new ElectionView(Snapshot);
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

    public async IAsyncEnumerable<ElectionEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_view is null || _stream is null)
        {
            throw new InvalidOperationException("The observation has not been started.");
        }

        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("An election observation can be read by one reader at a time.");
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
                    if (version > view.Version)
                    {
                        LogMissed(election, view.Version, version);

                        // The snapshot first, so that catching up never waits on the stream that may be what lost it.
                        foreach (var change in await ResyncAsync(view, cancellationToken))
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

                LogGap(election, view.Version, next.Version);
                foreach (var change in await ResyncAsync(view, cancellationToken))
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

    private static Task<StreamSubscriptionHandle<ElectionEvent>> SubscribeAsync(IAsyncStream<ElectionEvent> stream, VersionedEventBuffer<ElectionEvent> events) =>
        stream.SubscribeAsync((e, _) =>
        {
            events.Write(e);
            return Task.CompletedTask;
        });

    private async Task<IReadOnlyList<ElectionEvent>> ResyncAsync(ElectionView view, CancellationToken cancellationToken)
    {
        var snapshot = await GrainCallRetry.RunRepeatableAsync(_grain.GetSnapshotAsync, session.Options, cancellationToken);
        return view.MoveTo(snapshot, DateTimeOffset.UtcNow);
    }

    private async Task TryUnsubscribeAsync(StreamSubscriptionHandle<ElectionEvent> handle)
    {
        try
        {
            await handle.UnsubscribeAsync();
        }
        catch (Exception ex)
        {
            LogUnsubscribeFailed(ex, election);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Observation of election {Election}: events after version {Have} were lost (next seen {Seen}); re-reading the snapshot")]
    private partial void LogGap(string election, long have, long seen);

    [LoggerMessage(Level = LogLevel.Information, Message = "Observation of election {Election}: at version {Have} but the election is at {Current}; resubscribing and re-reading the snapshot")]
    private partial void LogMissed(string election, long have, long current);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Observation of election {Election}: unsubscribing failed")]
    private partial void LogUnsubscribeFailed(Exception ex, string election);
}
