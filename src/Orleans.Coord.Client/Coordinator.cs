using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Coord.Elections;
using Orleans.Coord.Groups;
using Orleans.Coord.Client.Elections;
using Orleans.Coord.Client.Groups;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Leases;
using Orleans.Coord.Client.Locks;
using Orleans.Coord.Locks;
using Orleans.Coord.Sessions;
using Orleans.Coord.Validation;

namespace Orleans.Coord.Client;

/// <summary>
/// Starts coordination sessions (Tooz's <c>get_coordinator(...).start()</c>): over an <see cref="IClusterClient"/>
/// from an external process, or over an <see cref="IGrainFactory"/> and the silo's services from code inside a silo.
/// </summary>
public sealed partial class Coordinator : ICoordinator
{
    private readonly SessionContext _session;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lostCts = new();
    private readonly CancellationTokenSource _stopHeartbeats = new();
    private readonly TimeProvider _clock = TimeProvider.System;
    private readonly object _gate = new();
    private Task _heartbeats = Task.CompletedTask;
    private long _lastAckTimestamp;
    private bool _lost;
    private bool _stopped;

    private Coordinator(SessionContext session)
    {
        _session = session;
        _logger = session.LoggerFactory.CreateLogger<Coordinator>();
        Groups = new GroupCoordinator(session);
        var acquirer = new LeaseAcquirer(session, _lostCts.Token);
        Locks = new LockCoordinator(session, acquirer);
        Elections = new ElectionCoordinator(session, acquirer);
    }

    /// <inheritdoc />
    public string MemberId => _session.MemberId;

    /// <summary>What the session's primitives share (for tests of the protocol underneath the API).</summary>
    internal SessionContext Session => _session;

    /// <inheritdoc />
    public Guid SessionId => _session.SessionId;

    /// <summary>How long ago the last acknowledged heartbeat (or the start) was sent.</summary>
    internal TimeSpan SinceLastAcknowledgedHeartbeat => _clock.GetElapsedTime(Volatile.Read(ref _lastAckTimestamp));

    /// <inheritdoc />
    public CoordinatorOptions Options => _session.Options;

    /// <inheritdoc />
    public CancellationToken Lost => _lostCts.Token;

    /// <inheritdoc />
    public bool IsAlive => !_session.Closed;

    /// <inheritdoc />
    public IGroupCoordinator Groups { get; }

    /// <inheritdoc />
    public ILockCoordinator Locks { get; }

    /// <inheritdoc />
    public IElectionCoordinator Elections { get; }

    /// <inheritdoc />
    public event EventHandler<SessionLostEventArgs>? SessionLost;

    /// <summary>Starts a session for <paramref name="memberId"/> through an external cluster client.</summary>
    /// <exception cref="ArgumentException">The member id or an option breaks its limit.</exception>
    public static Task<ICoordinator> StartAsync(IClusterClient client, string memberId, CoordinatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return StartAsync(client, client.ServiceProvider, memberId, options, cancellationToken);
    }

    /// <summary>
    /// Starts a session for <paramref name="memberId"/> from code that has a grain factory and the services of a
    /// silo or client (used for the stream provider and logging).
    /// </summary>
    /// <exception cref="ArgumentException">The member id or an option breaks its limit.</exception>
    public static async Task<ICoordinator> StartAsync(IGrainFactory grains, IServiceProvider services, string memberId, CoordinatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(services);
        Guard.Name(memberId, nameof(memberId));
        options ??= new CoordinatorOptions();
        options.Validate();
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var session = new SessionContext(grains, services, memberId, Guid.NewGuid(), options, loggerFactory);
        var coordinator = new Coordinator(session);
        await coordinator.StartCoreAsync(cancellationToken);
        return coordinator;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!await CloseAsync())
        {
            return;
        }

        // The lease observer stays: the grains' Lost notices of what the end released arrive after this call returns.
        await GrainCallRetry.RunRepeatableAsync(() => _session.SessionGrain.EndAsync(), _session, cancellationToken);
        LogStopped(MemberId, SessionId);
    }

    /// <summary>
    /// Renews the lease once, now. A session whose <see cref="CoordinatorOptions.Renewal"/> is
    /// <see cref="SessionRenewal.ByCaller"/> is renewed only by this method (the coordinator still watches its lease
    /// clock and declares the session lost when no renewal was acknowledged for a TTL); for an automatic session it is an
    /// extra heartbeat. Returns true when the cluster acknowledged the renewal, false when the session is lost, stopped or
    /// abandoned (a renewal that finds the session expired in the cluster declares it lost).
    /// Cancellation stops waiting for the answer.
    /// </summary>
    public async Task<bool> RenewAsync(CancellationToken cancellationToken = default)
    {
        if (_session.Closed)
        {
            return false;
        }

        var sent = _clock.GetTimestamp();
        var status = await _session.SessionGrain.HeartbeatAsync().WaitAsync(cancellationToken);
        if (status != SessionStatus.Alive)
        {
            Lose(DescribeLoss(status));
            return false;
        }

        lock (_gate)
        {
            if (_lost || _stopped)
            {
                return false;
            }

            if (sent > Volatile.Read(ref _lastAckTimestamp))
            {
                Volatile.Write(ref _lastAckTimestamp, sent);
            }
        }

        return true;
    }

    /// <summary>
    /// Lets go of the session without ending it: renewal stops and this object is closed, but nothing is released, so
    /// the cluster expires the session after its TTL (events with reason expired), exactly as when the process holding it
    /// dies. <see cref="Lost"/> does not fire. Idempotent; a later <see cref="StopAsync"/> does nothing.
    /// </summary>
    public async Task AbandonAsync()
    {
        if (await CloseAsync())
        {
            _session.DeleteLeaseObserver();
            LogAbandoned(MemberId, SessionId);
        }
    }

    /// <summary>Closes this object and stops its renewal, once; false when it was stopped or abandoned before.</summary>
    private async Task<bool> CloseAsync()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return false;
            }

            _stopped = true;
        }

        _session.Closed = true;
        _stopHeartbeats.Cancel();
        await _heartbeats;
        return true;
    }

    /// <summary>Stops the session (see <see cref="StopAsync"/>), waiting at most one TTL; errors are logged, not thrown.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(Options.SessionTtl);
            await StopAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            LogStopFailed(ex, MemberId, SessionId);
        }
        finally
        {
            _stopHeartbeats.Dispose();
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var sent = _clock.GetTimestamp();
        await GrainCallRetry.RunRepeatableAsync(() => _session.SessionGrain.StartAsync(MemberId, Options.SessionTtl, _session.HostSilo), _session, cancellationToken);
        Volatile.Write(ref _lastAckTimestamp, sent);
        _heartbeats = Task.Run(() => RunHeartbeatsAsync(_stopHeartbeats.Token));
        LogStarted(MemberId, SessionId, Options.SessionTtl);
    }

    /// <summary>
    /// Renews the lease every heartbeat interval. The client's own lease clock runs from the sending of the last
    /// acknowledged heartbeat and ends a safety margin before the TTL, so it declares the session lost no later than
    /// the cluster can expire it.
    /// </summary>
    private async Task RunHeartbeatsAsync(CancellationToken stop)
    {
        var interval = Options.EffectiveHeartbeatInterval;
        var ttl = Options.SessionTtl;
        var margin = TimeSpan.FromTicks(Math.Min(ttl.Ticks / 10, TimeSpan.FromMilliseconds(500).Ticks));
        // A session renewed by its caller only watches its lease clock here (RenewAsync moves it).
        var byCaller = Options.Renewal == SessionRenewal.ByCaller;
        var nextDue = byCaller ? long.MaxValue : _clock.GetTimestamp() + ToTimestampTicks(interval);
        var grain = _session.SessionGrain;
        while (!stop.IsCancellationRequested)
        {
            var leaseEnd = Volatile.Read(ref _lastAckTimestamp) + ToTimestampTicks(ttl - margin);
            var wakeAt = byCaller ? Math.Min(leaseEnd, _clock.GetTimestamp() + ToTimestampTicks(interval)) : Math.Min(nextDue, leaseEnd);
            var wait = _clock.GetElapsedTime(_clock.GetTimestamp(), wakeAt);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _clock, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var now = _clock.GetTimestamp();
            if (now >= leaseEnd)
            {
                Lose("no heartbeat was acknowledged within the TTL");
                return;
            }

            if (now < nextDue)
            {
                continue;
            }

            var late = _clock.GetElapsedTime(nextDue, now);
            if (late > interval / 2)
            {
                LogLate(MemberId, late);
            }

            nextDue = now + ToTimestampTicks(interval);
            try
            {
                // One attempt waits at most an interval: a call that went to a silo that just died would otherwise
                // hang for Orleans' whole response timeout, while a new call reaches the session grain's new
                // activation as soon as the cluster has declared that silo dead.
                var remaining = _clock.GetElapsedTime(now, leaseEnd);
                var status = await grain.HeartbeatAsync().WaitAsync(remaining < interval ? remaining : interval, stop);
                if (status != SessionStatus.Alive)
                {
                    Lose(DescribeLoss(status));
                    return;
                }

                Volatile.Write(ref _lastAckTimestamp, now);
                var roundTrip = _clock.GetElapsedTime(now);
                if (roundTrip > interval)
                {
                    LogSlow(MemberId, roundTrip);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (TimeoutException)
            {
                if (_clock.GetTimestamp() >= leaseEnd)
                {
                    Lose("no heartbeat was acknowledged within the TTL");
                    return;
                }

                LogLate(MemberId, _clock.GetElapsedTime(now));
                nextDue = _clock.GetTimestamp();
            }
            catch (Exception ex)
            {
                // Keep trying until the lease clock runs out; a quicker retry gives the lease more chances.
                LogHeartbeatFailed(ex, MemberId);
                nextDue = now + ToTimestampTicks(interval / 2);
            }
        }
    }

    private static string DescribeLoss(SessionStatus status) => status switch
    {
        SessionStatus.Ended => "the session was ended in the cluster",
        SessionStatus.Expired => "the cluster expired the session",
        _ => "the cluster no longer knows the session (it expired or was ended)",
    };

    private long ToTimestampTicks(TimeSpan span) => (long)(span.TotalSeconds * _clock.TimestampFrequency);

    private void Lose(string reason)
    {
        lock (_gate)
        {
            if (_lost || _stopped)
            {
                return;
            }

            _lost = true;
        }

        _session.Closed = true;
        LogLost(MemberId, SessionId, reason);
        _ = Task.Run(() =>
        {
            try
            {
                _lostCts.Cancel();
                SessionLost?.Invoke(this, new SessionLostEventArgs(reason));
            }
            catch (Exception ex)
            {
                LogCallbackFailed(ex, MemberId);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} of member {MemberId} started (TTL {Ttl})")]
    private partial void LogStarted(string memberId, Guid sessionId, TimeSpan ttl);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} of member {MemberId} stopped")]
    private partial void LogStopped(string memberId, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} of member {MemberId} abandoned; the cluster expires it after its TTL")]
    private partial void LogAbandoned(string memberId, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping session {SessionId} of member {MemberId} failed; the cluster expires it after its TTL")]
    private partial void LogStopFailed(Exception ex, string memberId, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of member {MemberId} is running late by {Late}; locks, leadership and memberships may time out")]
    private partial void LogLate(string memberId, TimeSpan late);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of member {MemberId} took {RoundTrip}, longer than the heartbeat interval")]
    private partial void LogSlow(string memberId, TimeSpan roundTrip);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of member {MemberId} failed; retrying while the lease lasts")]
    private partial void LogHeartbeatFailed(Exception ex, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} of member {MemberId} was lost: {Reason}")]
    private partial void LogLost(string memberId, Guid sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A SessionLost handler of member {MemberId} threw")]
    private partial void LogCallbackFailed(Exception ex, string memberId);
}
