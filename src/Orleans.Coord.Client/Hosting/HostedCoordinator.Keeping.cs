using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Internal;

namespace Orleans.Coord.Client.Hosting;

/// <summary>The loop that keeps one session running from host start to host stop, replacing it when it is lost.</summary>
internal sealed partial class HostedCoordinator
{
    private async Task KeepAsync(CancellationToken stopping)
    {
        // After a failed start or a loss: RestartDelay, doubled up to MaxRestartDelay, with 20% jitter so that processes
        // that lost their sessions together do not come back in step.
        var backoff = new Backoff(_options.RestartDelay, _options.MaxRestartDelay, jitter: 0.2);
        var replacing = false;
        while (!stopping.IsCancellationRequested)
        {
            Coordinator session;
            try
            {
                var grains = _services.GetRequiredService<IGrainFactory>();
                session = (Coordinator)await Coordinator.StartAsync(grains, _services, MemberId, _options, stopping);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                var delay = backoff.Next();
                LogStartFailed(MemberId, delay, ex.GetType().Name, ex.Message);
                await Task.Delay(delay, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            var startedAt = Environment.TickCount64;
            await RunSessionAsync(session, replacing, stopping);
            if (stopping.IsCancellationRequested)
            {
                break;
            }

            // Lost. The old session's handles report Lost by themselves; end it in the cluster in the background in case
            // only this client gave up on it.
            _ = session.DisposeAsync().AsTask();
            if (_options.OnSessionLost == SessionLossPolicy.StopApplication)
            {
                GiveUp();
                return;
            }

            if (TimeSpan.FromMilliseconds(Environment.TickCount64 - startedAt) > _options.MaxRestartDelay)
            {
                backoff.Reset();
            }

            replacing = true;
            var wait = backoff.Next();
            LogRestarting(MemberId, wait);
            await Task.Delay(wait, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        Finish(HostedCoordinatorState.Stopped, "the coordinator has stopped");
    }

    /// <summary>
    /// Joins the declared groups, starts the declared campaigns, publishes the session, and waits until it is lost
    /// or the host stops; on stop it ends the declared work and then the session, releasing everything.
    /// </summary>
    private async Task RunSessionAsync(Coordinator session, bool replacing, CancellationToken stopping)
    {
        using var sessionEnds = CancellationTokenSource.CreateLinkedTokenSource(session.Lost, stopping);
        session.SessionLost += ForwardLoss;
        var beside = new List<Task>();
        foreach (var work in _declared)
        {
            if (work.CompletesBeforeStart)
            {
                await RunQuietlyAsync(work, session, sessionEnds.Token);
            }
            else
            {
                beside.Add(Task.Run(() => RunQuietlyAsync(work, session, sessionEnds.Token)));
            }
        }

        if (!sessionEnds.IsCancellationRequested)
        {
            Publish(session, replacing);
        }

        await Task.Delay(Timeout.Infinite, sessionEnds.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_gate)
        {
            _current = null;
            if (_nextSession.Task.IsCompleted)
            {
                _nextSession = NewWaiter();
            }

            if (!stopping.IsCancellationRequested)
            {
                _state = HostedCoordinatorState.Restarting;
            }
        }

        // Leader work sees its token fire now; it resigns when it returns. Work that ignores its token is not waited
        // for longer than a TTL: the session's end below releases its leadership anyway.
        await Task.WhenAll(beside).WaitAsync(_options.SessionTtl).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (stopping.IsCancellationRequested)
        {
            try
            {
                using var timeout = new CancellationTokenSource(_options.SessionTtl);
                await session.StopAsync(timeout.Token);
            }
            catch (Exception ex)
            {
                LogStopFailed(ex, MemberId);
            }
        }
    }

    private async Task RunQuietlyAsync(SessionWork work, ICoordinator session, CancellationToken sessionEnds)
    {
        try
        {
            await work.RunAsync(session, _services, _logger, sessionEnds);
        }
        catch (Exception) when (sessionEnds.IsCancellationRequested)
        {
        }
        catch (SessionExpiredException)
        {
        }
        catch (Exception ex)
        {
            LogWorkFailed(ex, work.Description);
        }
    }

    private void Publish(Coordinator session, bool replacing)
    {
        lock (_gate)
        {
            if (_state is not (HostedCoordinatorState.Starting or HostedCoordinatorState.Restarting))
            {
                return;
            }

            _current = session;
            _state = HostedCoordinatorState.Alive;
            _nextSession.TrySetResult(session);
        }

        LogSessionUp(MemberId, session.SessionId, replacing);
        var handlers = SessionStarted;
        if (handlers is not null)
        {
            _ = Task.Run(() =>
            {
                try
                {
                    handlers(this, new SessionStartedEventArgs(session, replacing));
                }
                catch (Exception ex)
                {
                    LogHandlerFailed(ex, nameof(SessionStarted));
                }
            });
        }
    }

    private void ForwardLoss(object? sender, SessionLostEventArgs e)
    {
        try
        {
            SessionLost?.Invoke(this, e);
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, nameof(SessionLost));
        }
    }

    private void GiveUp()
    {
        LogGivingUp(MemberId);
        Finish(HostedCoordinatorState.GaveUp, "the session was lost and the policy is to stop the application");
        Environment.ExitCode = 1;
        _lifetime?.StopApplication();
    }

    private void Finish(HostedCoordinatorState state, string why)
    {
        lock (_gate)
        {
            _current = null;
            if (_state != HostedCoordinatorState.GaveUp)
            {
                _state = state;
            }

            if (_nextSession.Task.IsFaulted)
            {
                return;
            }

            if (_nextSession.Task.IsCompleted)
            {
                _nextSession = NewWaiter();
            }

            _nextSession.TrySetException(new SessionUnavailableException(MemberId, why));
            _ = _nextSession.Task.Exception;
        }
    }

    private async Task StopKeepingAsync(CancellationToken cancellationToken)
    {
        Task keeping;
        lock (_gate)
        {
            if (_state is HostedCoordinatorState.Created)
            {
                _state = HostedCoordinatorState.Stopped;
            }
            else if (_state is not (HostedCoordinatorState.Stopped or HostedCoordinatorState.GaveUp))
            {
                _state = HostedCoordinatorState.Stopping;
            }

            keeping = _keeping;
        }

        _stopping.Cancel();
        try
        {
            await keeping.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host stops without grace (as hosted services must, it does not throw): the session is not waited
            // for; if it cannot end in time, the cluster expires it after its TTL.
            LogStopNotAwaited(MemberId);
            return;
        }

        Finish(HostedCoordinatorState.Stopped, "the coordinator has stopped");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The host stopped without waiting for the coordination session of member {MemberId} to end; if it did not end, it expires after its TTL")]
    private partial void LogStopNotAwaited(string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Coordination session {SessionId} of member {MemberId} is up (replacing a lost one: {Replacing})")]
    private partial void LogSessionUp(string memberId, Guid sessionId, bool replacing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starting a coordination session for member {MemberId} failed ({Error}: {Reason}); trying again in {Delay}")]
    private partial void LogStartFailed(string memberId, TimeSpan delay, string error, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting a new coordination session for member {MemberId} in {Delay}")]
    private partial void LogRestarting(string memberId, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The coordination session of member {MemberId} was lost and OnSessionLost is StopApplication: stopping the application")]
    private partial void LogGivingUp(string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping the coordination session of member {MemberId} failed; the cluster expires it after its TTL")]
    private partial void LogStopFailed(Exception ex, string memberId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Declared coordination work failed: {Work}")]
    private partial void LogWorkFailed(Exception ex, string work);

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Event} handler threw")]
    private partial void LogHandlerFailed(Exception ex, string @event);
}
