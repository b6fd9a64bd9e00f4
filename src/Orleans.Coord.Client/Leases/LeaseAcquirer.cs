using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Telemetry;
using Orleans.Coord.Telemetry;

namespace Orleans.Coord.Client.Leases;

/// <summary>
/// The acquire protocol of every lease: locks, semaphores, reader-writer locks and campaigns (docs/design.md, rule 5).
/// The grain is attached to the session first; then either one try, or a queue position plus a grant plus bounded status
/// re-checks. The grant comes in the enqueue call's answer when it is made within the half second the grain may hold that
/// answer, else by a one-way push; no grain call waits longer for the lease. A request given up on (timeout,
/// cancellation, error, lost session) is withdrawn, which also ends a grant that raced with it. Every call carries the
/// request id, so a call lost in a silo crash is sent again (<see cref="GrainCallRetry"/>) and the grain answers the
/// copy with the first outcome. The session's one <see cref="LeaseWaiter"/> receives the pushes of every request.
/// </summary>
internal sealed partial class LeaseAcquirer(SessionContext session, CancellationToken sessionLost)
{
    /// <summary>How often a waiting request asks the grain where it stands, in case a push was lost.</summary>
    internal static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(2);

    private readonly ILogger _logger = session.LoggerFactory.CreateLogger<LeaseAcquirer>();

    private CoordinatorOptions Options => session.Options;

    /// <summary>
    /// One request: tries once (zero timeout) or waits in line up to <paramref name="timeout"/>; null when not granted in
    /// time. The grain is attached first; the session's observer listens for the request's pushes while it is in flight.
    /// A request that failed or was cancelled, or that waited and ended without a grant, is withdrawn: it may still be
    /// queued, or have been granted although no answer reached this caller. Each request is timed by outcome
    /// (<c>orleans.coord.lease.acquire.duration</c>) and is a span that carries the name, the token and the outcome.
    /// </summary>
    public async Task<ILockHandle?> AcquireAsync(ILeaseTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var activity = SpanNames.Start(target, SpanNames.Acquire(target.Primitive), session.MemberId);
        var outcome = AcquireOutcomes.Refused;
        Exception? error = null;
        try
        {
            var handle = await AcquireCoreAsync(target, timeout, cancellationToken);
            outcome = handle is null ? AcquireOutcomes.TimedOut : AcquireOutcomes.Granted;
            activity?.SetTag(CoordTelemetry.TokenTag, handle?.FencingToken);
            return handle;
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            outcome = AcquireOutcomes.Cancelled;
            error = ex;
            throw;
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            session.Instruments.Acquired(target.Primitive, target.Name, outcome, Stopwatch.GetElapsedTime(started));
            activity.Finish(outcome, error);
        }
    }

    private async Task<ILockHandle?> AcquireCoreAsync(ILeaseTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        session.ThrowIfClosed();

        // The timeout covers the whole request, attaching included, so that a slow backend cannot stretch it.
        using var deadline = timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan ? new CancellationTokenSource(timeout) : new CancellationTokenSource();
        using (var attachUntil = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token))
        {
            try
            {
                await session.EnsureAttachedAsync(target.GrainId, attachUntil.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
            {
                return null;
            }
        }

        var requestId = Guid.NewGuid();
        using var request = session.Requests.Start(target.GrainId);
        var pending = session.Leases.Register(requestId);
        var answered = false;
        try
        {
            long? token;
            if (timeout == TimeSpan.Zero)
            {
                var copies = 0;
                token = await GrainCallRetry.RunRepeatableAsync(
                    () =>
                    {
                        copies++;
                        return target.TryAcquireAsync(requestId, request.Order, session.LeaseObserver);
                    },
                    session,
                    cancellationToken);

                // A refusal answered by the only copy sent settles the request; with more copies, one may still arrive.
                answered = token is not null || copies == 1;
            }
            else
            {
                token = await WaitAsync(target, requestId, request, pending, deadline.Token, cancellationToken);
                answered = token is not null;
            }

            if (token is null)
            {
                return null;
            }

            var handle = new LeaseHandle(session, target, token.Value, sessionLost, _logger);
            session.Leases.Track(handle, pending);
            return handle;
        }
        finally
        {
            if (!answered)
            {
                // Waited for at most one call timeout: a withdrawal that takes longer (a silo or the backend is down)
                // goes on in the background until it lands or the session ends, so the caller's timeout holds.
                await session.Leases.WithdrawAsync(target.GrainId, requestId, request.Order).WaitAsync(Options.CallTimeout)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            session.Leases.Unregister(requestId);
        }
    }

    /// <summary>As <see cref="AcquireAsync"/>, but a timeout throws <see cref="TimeoutException"/>.</summary>
    public async Task<ILockHandle> AcquireOrThrowAsync(ILeaseTarget target, TimeSpan timeout, CancellationToken cancellationToken) =>
        await AcquireAsync(target, timeout, cancellationToken)
        ?? throw new TimeoutException($"'{target.Name}' was not acquired within {timeout.TotalMilliseconds:0} ms.");

    /// <summary>One try: a handle, or null when the lease is taken or others wait.</summary>
    public Task<ILockHandle?> TryAsync(ILeaseTarget target, CancellationToken cancellationToken) => AcquireAsync(target, TimeSpan.Zero, cancellationToken);

    /// <summary>Queues the request and waits for its grant: in the answer, by push, or found by a status re-check; null when the deadline passed.</summary>
    /// <exception cref="SessionExpiredException">The session was lost while waiting.</exception>
    private async Task<long?> WaitAsync(ILeaseTarget target, Guid requestId, InFlightRequest request, PendingLease pending, CancellationToken deadline, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline, sessionLost);
        try
        {
            var status = await GrainCallRetry.RunRepeatableAsync(() => target.EnqueueAsync(requestId, request.Order, session.LeaseObserver), session, wait.Token);
            while (status.Token is null)
            {
                try
                {
                    status = LeaseRequestStatus.Granted(await pending.Granted.WaitAsync(RecheckInterval, wait.Token));
                }
                catch (TimeoutException)
                {
                    status = await RecheckAsync(target, requestId, request, status, wait.Token);
                }
            }

            return status.Token;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && wait.IsCancellationRequested)
        {
            // The deadline passed (null: not granted in time), or the session was lost.
            return sessionLost.IsCancellationRequested ? throw new SessionExpiredException(session.MemberId, session.SessionId) : null;
        }
    }

    /// <summary>Asks the grain where the request stands; queues it again when the grain no longer knows it.</summary>
    private async Task<LeaseRequestStatus> RecheckAsync(ILeaseTarget target, Guid requestId, InFlightRequest request, LeaseRequestStatus current, CancellationToken cancellationToken)
    {
        LeaseRequestStatus status;
        try
        {
            status = await target.GetStatusAsync(requestId).WaitAsync(Options.CallTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecheckFailed(ex, target.Name, requestId);
            return current;
        }

        if (status.Token is not null || status.Waiting)
        {
            return status;
        }

        // The request was dropped (its queue position was lost with a crashed activation, or its grant was broken
        // before this client learned of it): queue again; a copy of an ended request is answered unknown.
        return await GrainCallRetry.RunRepeatableAsync(() => target.EnqueueAsync(requestId, request.Order, session.LeaseObserver), session, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Re-checking request {RequestId} of {Name} failed; waiting on")]
    private partial void LogRecheckFailed(Exception ex, string name, Guid requestId);
}
