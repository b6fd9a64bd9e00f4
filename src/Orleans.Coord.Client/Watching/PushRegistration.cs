using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Watching;

namespace Orleans.Coord.Client.Watching;

/// <summary>
/// The one registration for pushes that a <see cref="SharedWatchFeed{TEvent, TSnapshot}"/> holds at its grain for every
/// watch of the grain in this client: one observer object, registered with a lease of
/// <see cref="PushLease.RenewalsPerLease"/> resync intervals and renewed at least every
/// <see cref="CoordinatorOptions.WatchResyncInterval"/> (the shortest interval among the sessions whose watches renew
/// it), ended when the feed ends. The strong reference to the observer object here keeps it reachable.
/// <para>
/// Renewals are shared: one is in flight at a time, and a renewal sent less than a tenth of the asking watch's resync
/// interval ago (answered or still in flight) answers a watch's version check instead of a new call
/// (<see cref="FreshFraction"/>), so a quiet period of many watches costs at most about ten renewals per interval, not
/// one per watch. Each renewal returns the grain's current version, and a renewal after the grain moved (a silo loss)
/// registers again at the new activation. A renewal runs in no caller's cancellation: a watch that stops waiting for it
/// does not cancel it for the others; the end of the registration does.
/// </para>
/// </summary>
internal sealed partial class PushRegistration<TEvent, TSnapshot> : IAsyncDisposable
{
    /// <summary>A renewal younger than the asking watch's resync interval divided by this answers its version check.</summary>
    public const int FreshFraction = 10;

    private static readonly TimeSpan UnwatchTimeout = TimeSpan.FromSeconds(5);

    private readonly IGrainFactory _grains;
    private readonly IWatchableGrain<TEvent, TSnapshot> _grain;
    private readonly ILogger _logger;
    private readonly PushedEvents<TEvent> _observer;
    private readonly ICoordEventObserver<TEvent> _reference;
    private readonly CancellationTokenSource _ended = new();
    private readonly Lock _gate = new();
    private Renewal? _last;
    private Task _inFlight = Task.CompletedTask;
    private bool _disposed;

    /// <param name="grains">The grain factory of the client the observer object lives in.</param>
    /// <param name="grain">The watched grain.</param>
    /// <param name="write">Takes each pushed event.</param>
    /// <param name="logger">Where failed renewals and unregistrations are logged.</param>
    public PushRegistration(IGrainFactory grains, IWatchableGrain<TEvent, TSnapshot> grain, Action<TEvent> write, ILogger logger)
    {
        _grains = grains;
        _grain = grain;
        _logger = logger;
        _observer = new PushedEvents<TEvent>(write);
        _reference = grains.CreateObjectReference<ICoordEventObserver<TEvent>>(_observer);
    }

    /// <summary>The lease a registration renewed every <paramref name="resyncInterval"/> asks for.</summary>
    public static TimeSpan LeaseFor(TimeSpan resyncInterval)
    {
        var lease = resyncInterval * PushLease.RenewalsPerLease;
        return lease > PushLease.Max ? PushLease.Max : lease;
    }

    /// <summary>
    /// Returns the grain's current version (see <see cref="IWatchableGrain{TEvent, TSnapshot}.WatchAsync"/>) from a
    /// renewal sent within <paramref name="fresh"/> (answered or in flight), or else from a renewal sent now with the
    /// lease of <paramref name="session"/>'s resync interval; after the registration ended, from a plain version read.
    /// Registering again is a renewal, so a call lost in a silo crash is sent again (<see cref="GrainCallRetry"/>, with
    /// <paramref name="session"/>'s options). <paramref name="cancellationToken"/> stops this caller's wait only.
    /// </summary>
    public Task<long> RenewAsync(SessionContext session, TimeSpan fresh, CancellationToken cancellationToken)
    {
        Task<long>? version = null;
        lock (_gate)
        {
            if (!_disposed)
            {
                version = _last is { } last && last.IsFresh(fresh) ? last.Version : Begin(session);
            }
        }

        return version is null
            ? GrainCallRetry.RunRepeatableAsync(_grain.GetVersionAsync, session, cancellationToken)
            : VersionAsync(version, session, cancellationToken);
    }

    /// <summary>
    /// Starts a renewal in the background when one is due: when none is in flight and the last was sent one resync
    /// interval of <paramref name="session"/> ago, or one interval of the session whose lease the last renewal asked
    /// for, when that is shorter (so a lease always sees its renewal). A failure is logged, not thrown: the stream still
    /// delivers, and the next renewal tries again.
    /// </summary>
    public void RenewIfDue(SessionContext session)
    {
        if (Volatile.Read(ref _last) is { } seen && !seen.IsDue(session.Options.WatchResyncInterval))
        {
            // Not due: no lock on the readers' path.
            return;
        }

        Task<long> renewal;
        lock (_gate)
        {
            if (_disposed || _last is { } last && !last.IsDue(session.Options.WatchResyncInterval))
            {
                return;
            }

            renewal = Begin(session);
        }

        _ = LogIfFailsAsync(renewal);
    }

    /// <summary>
    /// Ends the registration (best effort: an unrenewed one lapses anyway) once a renewal in flight has finished, and
    /// releases the observer object. Later version checks read the version without registering.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Task inFlight;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            inFlight = _inFlight;
        }

        await _ended.CancelAsync();
        // Unregister after every registration sent, not before one of them.
        await inFlight.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

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
            _grains.DeleteObjectReference<ICoordEventObserver<TEvent>>(_reference);
            _ended.Dispose();
        }
    }

    /// <summary>Sends a renewal; called under the gate, before the registration ends. The call itself runs outside it.</summary>
    private Task<long> Begin(SessionContext session)
    {
        var interval = session.Options.WatchResyncInterval;
        var lease = LeaseFor(interval);
        var ended = _ended.Token;
        var sentAt = Stopwatch.GetTimestamp();
        var version = Task.Run(() => GrainCallRetry.RunRepeatableAsync(() => _grain.WatchAsync(_reference, lease), session, ended));
        Volatile.Write(ref _last, new Renewal(sentAt, interval, version));
        _inFlight = _inFlight.IsCompleted ? SettledAsync(version) : Task.WhenAll(_inFlight, SettledAsync(version));
        return version;
    }

    /// <summary>The version <paramref name="renewal"/> answers; read without registering when the registration ended meanwhile.</summary>
    private async Task<long> VersionAsync(Task<long> renewal, SessionContext session, CancellationToken cancellationToken)
    {
        try
        {
            return await renewal.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return await GrainCallRetry.RunRepeatableAsync(_grain.GetVersionAsync, session, cancellationToken);
        }
    }

    /// <summary>Completes when <paramref name="renewal"/> has, successfully or not (its callers see how).</summary>
    private static async Task SettledAsync(Task renewal) => await renewal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    private async Task LogIfFailsAsync(Task<long> renewal)
    {
        try
        {
            await renewal;
        }
        catch (OperationCanceledException)
        {
            // The registration ended.
        }
        catch (Exception ex)
        {
            LogRenewFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Renewing the push registration of a client's watches failed; the stream still delivers, the next renewal retries")]
    private partial void LogRenewFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ending the push registration of a client's watches failed; it lapses with its lease")]
    private partial void LogUnwatchFailed(Exception ex);

    /// <summary>One renewal: when it was sent, the resync interval its lease was asked for, and the version it answers.</summary>
    private sealed record Renewal(long SentAt, TimeSpan Interval, Task<long> Version)
    {
        /// <summary>Sent within <paramref name="fresh"/>, and answered or in flight (not failed).</summary>
        public bool IsFresh(TimeSpan fresh) =>
            Stopwatch.GetElapsedTime(SentAt) < fresh && !Version.IsFaulted && !Version.IsCanceled;

        /// <summary>Not in flight, and sent one interval ago (the asking session's, or this lease's when shorter).</summary>
        public bool IsDue(TimeSpan interval) =>
            Version.IsCompleted && Stopwatch.GetElapsedTime(SentAt) >= (interval < Interval ? interval : Interval);
    }
}
