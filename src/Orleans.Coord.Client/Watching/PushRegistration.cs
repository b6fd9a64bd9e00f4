using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Watching;

namespace Orleans.Coord.Client.Watching;

/// <summary>
/// A watch's registration for pushes at its grain: created with the watch, renewed at least every
/// <see cref="CoordinatorOptions.WatchResyncInterval"/> (the lease spans <see cref="PushLease.RenewalsPerLease"/> of
/// them), ended with the watch. The strong reference to the observer object here keeps it reachable.
/// </summary>
internal sealed partial class PushRegistration<TEvent, TSnapshot> : IAsyncDisposable
{
    private static readonly TimeSpan UnwatchTimeout = TimeSpan.FromSeconds(5);

    private readonly SessionContext _session;
    private readonly IWatchableGrain<TEvent, TSnapshot> _grain;
    private readonly ILogger _logger;
    private readonly PushedEvents<TEvent> _observer;
    private readonly ICoordEventObserver<TEvent> _reference;
    private long _renewedAt;
    private int _disposed;

    public PushRegistration(SessionContext session, IWatchableGrain<TEvent, TSnapshot> grain, Action<TEvent> write)
    {
        _session = session;
        _grain = grain;
        _logger = session.LoggerFactory.CreateLogger<PushRegistration<TEvent, TSnapshot>>();
        _observer = new PushedEvents<TEvent>(write);
        _reference = session.Grains.CreateObjectReference<ICoordEventObserver<TEvent>>(_observer);
    }

    private TimeSpan Lease
    {
        get
        {
            var lease = _session.Options.WatchResyncInterval * PushLease.RenewalsPerLease;
            return lease > PushLease.Max ? PushLease.Max : lease;
        }
    }

    /// <summary>True when the last registration is one resync interval old.</summary>
    public bool RenewalDue => Stopwatch.GetElapsedTime(Volatile.Read(ref _renewedAt)) >= _session.Options.WatchResyncInterval;

    /// <summary>
    /// Registers or renews; returns the grain's current version (see <see cref="IWatchableGrain{TEvent, TSnapshot}.WatchAsync"/>).
    /// Registering again is a renewal, so a call lost in a silo crash is sent again (<see cref="GrainCallRetry"/>).
    /// </summary>
    public async Task<long> RenewAsync(CancellationToken cancellationToken)
    {
        var version = await GrainCallRetry.RunRepeatableAsync(() => _grain.WatchAsync(_reference, Lease), _session, cancellationToken);
        Volatile.Write(ref _renewedAt, Stopwatch.GetTimestamp());
        return version;
    }

    /// <summary>Renews when <see cref="RenewalDue"/>; a failure is logged, not thrown (the stream still delivers).</summary>
    public async Task RenewIfDueAsync(CancellationToken cancellationToken)
    {
        if (!RenewalDue)
        {
            return;
        }

        try
        {
            await RenewAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRenewFailed(ex);
        }
    }

    /// <summary>Ends the registration (best effort: an unrenewed one lapses anyway) and releases the observer.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await _grain.UnwatchAsync(_reference).WaitAsync(UnwatchTimeout);
        }
        catch (Exception ex)
        {
            LogUnwatchFailed(ex);
        }
        finally
        {
            _session.Grains.DeleteObjectReference<ICoordEventObserver<TEvent>>(_reference);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewing a watch's push registration failed; the stream still delivers, the next renewal retries")]
    private partial void LogRenewFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ending a watch's push registration failed; it lapses with its lease")]
    private partial void LogUnwatchFailed(Exception ex);
}
