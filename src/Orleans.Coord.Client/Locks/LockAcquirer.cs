using Microsoft.Extensions.Logging;
using Orleans.Coord.Internal;

namespace Orleans.Coord.Locks;

/// <summary>
/// The acquire protocol shared by every kind of lock (DESIGN rule 5): attach the grain to the session, then either one
/// try, or a queue position plus a one-way grant push plus bounded status re-checks; a request given up on (timeout,
/// cancellation, error) is withdrawn, which also releases a grant that raced with it. No grain call waits for the lock.
/// Every call carries the request id, so a call lost in a silo crash is sent again (<see cref="GrainCallRetry"/>) and
/// the grain answers the copy with the first outcome. One observer object serves every request of the session.
/// </summary>
internal sealed partial class LockAcquirer(SessionContext session, CancellationToken sessionLost)
{
    /// <summary>How often a waiting acquire asks the grain where its request stands, in case a push was lost.</summary>
    internal static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(2);

    private readonly ILogger _logger = session.LoggerFactory.CreateLogger<LockAcquirer>();
    private readonly Lock _gate = new();
    private LockWaiter? _waiter;
    private ILockWaiter? _waiterReference;

    private CoordinatorOptions Options => session.Options;

    /// <summary>Tries once (zero timeout) or waits in line up to <paramref name="timeout"/>; null when not granted in time.</summary>
    public Task<ILockHandle?> AcquireAsync(ILockTarget target, TimeSpan timeout, CancellationToken cancellationToken) =>
        timeout == TimeSpan.Zero ? TryAsync(target, cancellationToken) : WaitAsync(target, timeout, cancellationToken);

    /// <summary>As <see cref="AcquireAsync"/>, but a timeout throws <see cref="TimeoutException"/>.</summary>
    public async Task<ILockHandle> AcquireOrThrowAsync(ILockTarget target, TimeSpan timeout, CancellationToken cancellationToken) =>
        await AcquireAsync(target, timeout, cancellationToken)
        ?? throw new TimeoutException($"Lock '{target.Name}' was not acquired within {timeout.TotalMilliseconds:0} ms.");

    /// <summary>One try: a handle, or null when the lock is taken or others wait.</summary>
    public async Task<ILockHandle?> TryAsync(ILockTarget target, CancellationToken cancellationToken)
    {
        session.ThrowIfClosed();
        await session.EnsureAttachedAsync(target.GrainId, cancellationToken);
        var (waiter, reference) = Waiter();
        var requestId = Guid.NewGuid();
        try
        {
            var grant = await GrainCallRetry.RunRepeatableAsync(() => target.TryAcquireAsync(requestId, reference), Options, cancellationToken);
            return grant is null ? null : NewHandle(target, waiter, grant.Token);
        }
        catch
        {
            // The try may have been granted although its answer did not reach this caller (cancelled, lost in a crash):
            // withdraw it so that no orphan grant remains.
            await WithdrawAsync(target, requestId);
            throw;
        }
    }

    private async Task<ILockHandle?> WaitAsync(ILockTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        session.ThrowIfClosed();
        await session.EnsureAttachedAsync(target.GrainId, cancellationToken);
        var (waiter, reference) = Waiter();
        var requestId = Guid.NewGuid();
        var pushed = waiter.Register(requestId);
        using var deadline = timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(timeout);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, sessionLost);
        try
        {
            var status = await GrainCallRetry.RunRepeatableAsync(() => target.EnqueueAsync(requestId, reference), Options, wait.Token);
            while (status.State != LockRequestState.Granted)
            {
                try
                {
                    status = LockRequestStatus.Granted(await pushed.WaitAsync(RecheckInterval, wait.Token));
                }
                catch (TimeoutException)
                {
                    status = await RecheckAsync(target, requestId, reference, status, wait.Token);
                }
            }

            return NewHandle(target, waiter, status.Token);
        }
        catch (Exception) when (wait.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
            await WithdrawAsync(target, requestId);
            cancellationToken.ThrowIfCancellationRequested();
            if (sessionLost.IsCancellationRequested)
            {
                throw new SessionExpiredException(session.MemberId, session.SessionId);
            }

            return null;
        }
        catch
        {
            await WithdrawAsync(target, requestId);
            throw;
        }
        finally
        {
            waiter.Unregister(requestId);
        }
    }

    /// <summary>Asks the grain where the request stands; re-queues it when the grain no longer knows it.</summary>
    private async Task<LockRequestStatus> RecheckAsync(ILockTarget target, Guid requestId, ILockWaiter reference, LockRequestStatus current, CancellationToken cancellationToken)
    {
        LockRequestStatus status;
        try
        {
            status = await target.GetRequestStatusAsync(requestId).WaitAsync(Options.CallTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecheckFailed(ex, target.Name, requestId);
            return current;
        }

        if (status.State != LockRequestState.Unknown)
        {
            return status;
        }

        // The request was dropped (e.g. granted and then broken before this client learned of it): queue again.
        return await GrainCallRetry.RunRepeatableAsync(() => target.EnqueueAsync(requestId, reference), Options, cancellationToken);
    }

    /// <summary>Withdraws a request the caller gave up on; the grain releases it if it was granted meanwhile.</summary>
    private async Task WithdrawAsync(ILockTarget target, Guid requestId)
    {
        try
        {
            await GrainCallRetry.RunRepeatableAsync(() => target.CancelWaitAsync(requestId), Options, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogWithdrawFailed(ex, target.Name, requestId);
        }
    }

    private LockHandle NewHandle(ILockTarget target, LockWaiter waiter, long token)
    {
        var handle = new LockHandle(session, target, waiter, token, sessionLost, _logger);
        waiter.Track(handle);
        return handle;
    }

    /// <summary>The session's one observer, created on first use; the strong reference here keeps it registered.</summary>
    private (LockWaiter Waiter, ILockWaiter Reference) Waiter()
    {
        lock (_gate)
        {
            if (_waiter is null)
            {
                var waiter = new LockWaiter();
                _waiterReference = session.Grains.CreateObjectReference<ILockWaiter>(waiter);
                _waiter = waiter;
            }

            return (_waiter, _waiterReference!);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Re-checking request {RequestId} of lock {Lock} failed; waiting on")]
    private partial void LogRecheckFailed(Exception ex, string @lock, Guid requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Withdrawing request {RequestId} of lock {Lock} failed; a grant it may have got is released when the session ends")]
    private partial void LogWithdrawFailed(Exception ex, string @lock, Guid requestId);
}
