using Microsoft.Extensions.Logging;
using Orleans.Coord.Grains;
using Orleans.Coord.Internal;
using Orleans.Coord.Sessions;
using Orleans.Coord.Validation;
using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Coord.Locks;

/// <summary>
/// The authoritative state of one exclusive lock. Each change (grant, release, queue change) is persisted with the
/// grain's ETag, then answered, then pushed to the observers concerned and published on the lock's stream. A release
/// hands the lock to the next live waiter in the same turn and the same write.
/// </summary>
internal sealed partial class LockGrain(
    [PersistentState("lock", CoordConstants.StorageName)] IPersistentState<LockState> state,
    ILogger<LockGrain> logger,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<CoordLockOptions> options) : Grain, ILockGrain
{
    private IGrainTimer? _delayTimer;

    private readonly List<LockEvent> _events = [];
    private readonly List<Func<Task>> _pushes = [];
    private IAsyncStream<LockEvent>? _stream;

    private LockState S => state.State;

    private string Name => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Guard.Name(Name, "lock");
        if (S.DelayedUntil is { } until)
        {
            ScheduleEndOfDelay(until);
        }

        return Task.CompletedTask;
    }

    private bool InLockDelay => S.DelayedUntil is { } until && clock.GetUtcNow() < until;

    public async Task<LockGrant?> TryAcquireAsync(Guid sessionId, string memberId, Guid requestId, ILockWaiter? observer)
    {
        Guard.Name(memberId, nameof(memberId));
        await ClearDeadHolderAsync(sessionId);
        if (S.Holder is { } held)
        {
            return held.RequestId == requestId ? Grant(held) : null;
        }

        if (S.Waiters.Count > 0 || InLockDelay)
        {
            // Queued requests come first (a try never jumps the queue), and nobody gets the lock during its lock-delay.
            return null;
        }

        await EnsureAliveAsync(sessionId, memberId);
        var hold = GrantTo(requestId, sessionId, memberId, observer);
        await CommitAsync();
        return Grant(hold);
    }

    public async Task<LockRequestStatus> EnqueueAsync(Guid sessionId, string memberId, Guid requestId, ILockWaiter observer)
    {
        Guard.Name(memberId, nameof(memberId));
        ArgumentNullException.ThrowIfNull(observer);
        var known = Status(requestId);
        if (known.State != LockRequestState.Unknown)
        {
            return known;
        }

        await ClearDeadHolderAsync(sessionId);
        await EnsureAliveAsync(sessionId, memberId);
        if (S.Holder is null && S.Waiters.Count == 0 && !InLockDelay)
        {
            var hold = GrantTo(requestId, sessionId, memberId, observer);
            await CommitAsync();
            return LockRequestStatus.Granted(hold.Token);
        }

        S.Waiters.Add(new LockQueueEntry(requestId, sessionId, memberId, observer));
        await CommitAsync();
        return LockRequestStatus.Queued;
    }

    public Task<LockRequestStatus> GetRequestStatusAsync(Guid requestId) => Task.FromResult(Status(requestId));

    public async Task<bool> CancelWaitAsync(Guid requestId)
    {
        var index = S.Waiters.FindIndex(w => w.RequestId == requestId);
        if (index >= 0)
        {
            S.Waiters.RemoveAt(index);
            await CommitAsync();
            return true;
        }

        if (S.Holder?.RequestId == requestId)
        {
            // Granted while the client gave up: release it so that no orphan grant remains.
            await EndHoldAsync(LockEventKind.Released, "cancelled", tellHolder: false);
            await CommitAsync();
            return true;
        }

        return false;
    }

    public async Task<bool> ReleaseAsync(Guid sessionId, long token)
    {
        if (S.Holder is not { } held || held.SessionId != sessionId || held.Token != token)
        {
            return false;
        }

        await EndHoldAsync(LockEventKind.Released, "release", tellHolder: false);
        await CommitAsync();
        return true;
    }

    public async Task<bool> IsStillOwnerAsync(Guid sessionId, long token) =>
        S.Holder is { } held && held.SessionId == sessionId && held.Token == token && await IsAliveAsync(sessionId);

    public async Task<bool> BreakAsync()
    {
        if (S.Holder is null)
        {
            return false;
        }

        LogBroken(Name, S.Holder.MemberId, S.Holder.Token);
        await EndHoldAsync(LockEventKind.Broken, "broken", tellHolder: true);
        await CommitAsync();
        return true;
    }

    public Task<LockGrant?> GetHolderAsync() => Task.FromResult(S.Holder is { } held ? Grant(held) : null);

    public Task<int> GetQueueLengthAsync() => Task.FromResult(S.Waiters.Count);

    public async Task ReleaseSessionAsync(Guid sessionId, SessionEndReason reason)
    {
        var removed = S.Waiters.RemoveAll(w => w.SessionId == sessionId);
        var held = S.Holder?.SessionId == sessionId;
        if (removed == 0 && !held)
        {
            return;
        }

        if (held)
        {
            await EndHoldAsync(
                reason == SessionEndReason.Expired ? LockEventKind.Expired : LockEventKind.Released,
                reason == SessionEndReason.Expired ? "session expired" : "session stopped",
                tellHolder: true);
        }

        await CommitAsync();
        LogSessionReleased(Name, sessionId, reason, held, removed);
    }

    private LockRequestStatus Status(Guid requestId)
    {
        if (S.Holder?.RequestId == requestId)
        {
            return LockRequestStatus.Granted(S.Holder.Token);
        }

        return S.Waiters.Exists(w => w.RequestId == requestId) ? LockRequestStatus.Queued : LockRequestStatus.Unknown;
    }

    /// <summary>
    /// A holder whose session is dead but whose release has not arrived yet (it is in flight, or the session grain
    /// retries it) is released now, as expired, and the change committed, so that a live caller is not refused because
    /// of it.
    /// </summary>
    private async Task ClearDeadHolderAsync(Guid callerSessionId)
    {
        if (S.Holder is { } held && held.SessionId != callerSessionId && !await IsAliveAsync(held.SessionId, assumeAliveOnError: true))
        {
            await EndHoldAsync(LockEventKind.Expired, "session expired", tellHolder: true);
            await CommitAsync();
        }
    }

    private async Task EnsureAliveAsync(Guid sessionId, string memberId)
    {
        // The session attached this grain before calling: while it is alive here, its end reaches this grain after
        // this call completes (this grain does not interleave), so no grant or queue entry can outlive the session.
        if (!await IsAliveAsync(sessionId))
        {
            throw new SessionExpiredException(memberId, sessionId);
        }
    }

    private LockHold GrantTo(Guid requestId, Guid sessionId, string memberId, ILockWaiter? observer)
    {
        var hold = new LockHold(requestId, sessionId, memberId, ++S.LastToken, observer);
        S.Holder = hold;
        AddEvent(LockEventKind.Acquired, "acquire", hold);
        return hold;
    }

    /// <summary>Ends the current hold in memory and grants the lock to the next live waiter; the caller commits.</summary>
    private async Task EndHoldAsync(LockEventKind kind, string reason, bool tellHolder)
    {
        var old = S.Holder!;
        S.Holder = null;
        AddEvent(kind, reason, old);
        if (tellHolder && old.Observer is { } holderObserver)
        {
            _pushes.Add(() => holderObserver.Lost(this.GetGrainId(), old.Token, reason));
        }

        var delay = options.Value.EffectiveLockDelay;
        if (kind == LockEventKind.Expired && delay > TimeSpan.Zero)
        {
            // Chubby's lock-delay: the expired holder may still be running; nobody gets the lock until it has passed.
            S.DelayedUntil = clock.GetUtcNow() + delay;
            ScheduleEndOfDelay(S.DelayedUntil.Value);
            return;
        }

        await GrantNextAsync();
    }

    /// <summary>Grants the lock to the first live waiter, if any; the caller commits.</summary>
    private async Task GrantNextAsync()
    {
        while (S.Waiters.Count > 0)
        {
            var next = S.Waiters[0];
            S.Waiters.RemoveAt(0);
            // A dead waiter's release is on its way; skipping it now keeps the lock from idling until then. When the
            // session grain cannot be asked, grant anyway: a dead session's release follows and passes the lock on.
            if (!await IsAliveAsync(next.SessionId, assumeAliveOnError: true))
            {
                LogSkippedDeadWaiter(Name, next.MemberId, next.SessionId);
                continue;
            }

            var hold = GrantTo(next.RequestId, next.SessionId, next.MemberId, next.Observer);
            _pushes.Add(() => next.Observer.Granted(this.GetGrainId(), next.RequestId, hold.Token));
            return;
        }
    }

    private void ScheduleEndOfDelay(DateTimeOffset until)
    {
        _delayTimer?.Dispose();
        var due = until - clock.GetUtcNow();
        _delayTimer = this.RegisterGrainTimer(
            EndDelayAsync,
            new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task EndDelayAsync(CancellationToken cancellationToken)
    {
        _delayTimer?.Dispose();
        _delayTimer = null;
        if (S.DelayedUntil is null)
        {
            return;
        }

        if (InLockDelay)
        {
            ScheduleEndOfDelay(S.DelayedUntil.Value);
            return;
        }

        S.DelayedUntil = null;
        if (S.Holder is null)
        {
            await GrantNextAsync();
        }

        await CommitAsync();
    }

    /// <summary>Persists the pending change, then sends the pushes and publishes the events it produced.</summary>
    private async Task CommitAsync()
    {
        try
        {
            await state.WriteOrRecoverAsync(this);
        }
        catch
        {
            _events.Clear();
            _pushes.Clear();
            throw;
        }

        var pushes = _pushes.ToArray();
        var events = _events.ToArray();
        _pushes.Clear();
        _events.Clear();
        foreach (var push in pushes)
        {
            try
            {
                // One-way: this returns at once; a lost push is recovered by the client's status re-checks.
                await push();
            }
            catch (Exception ex)
            {
                LogPushFailed(ex, Name);
            }
        }

        foreach (var e in events)
        {
            await PublishAsync(e);
        }
    }

    private void AddEvent(LockEventKind kind, string reason, LockHold hold) =>
        _events.Add(new LockEvent(Name, hold.MemberId, hold.SessionId, kind, reason, hold.Token, ++S.Version, clock.GetUtcNow()));

    private static LockGrant Grant(LockHold hold) => new(hold.Token, hold.MemberId, hold.SessionId);

    private async Task<bool> IsAliveAsync(Guid sessionId, bool assumeAliveOnError = false)
    {
        try
        {
            return await GrainFactory.GetGrain<ISessionGrain>(sessionId).IsAliveAsync();
        }
        catch (Exception ex) when (assumeAliveOnError)
        {
            LogAlivenessUnknown(ex, Name, sessionId);
            return true;
        }
    }

    private async Task PublishAsync(LockEvent e)
    {
        try
        {
            _stream ??= this.GetStreamProvider(CoordConstants.StreamProviderName)
                .GetStream<LockEvent>(StreamId.Create(CoordConstants.LockStreamNamespace, Name));
            await _stream.OnNextAsync(e);
        }
        catch (Exception ex)
        {
            // The change is persisted; only the notification to stream subscribers is lost.
            LogPublishFailed(ex, Name, e.Version);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lock {Lock}: session {SessionId} ended ({Reason}); held: {Held}, waiters removed: {Removed}")]
    private partial void LogSessionReleased(string @lock, Guid sessionId, SessionEndReason reason, bool held, int removed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lock {Lock}: the hold of member {MemberId} (token {Token}) was broken")]
    private partial void LogBroken(string @lock, string memberId, long token);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lock {Lock}: skipped waiter {MemberId} whose session {SessionId} is no longer alive")]
    private partial void LogSkippedDeadWaiter(string @lock, string memberId, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lock {Lock}: could not ask whether session {SessionId} is alive; assuming it is")]
    private partial void LogAlivenessUnknown(Exception ex, string @lock, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lock {Lock}: a push to a client observer failed; the client's re-check recovers it")]
    private partial void LogPushFailed(Exception ex, string @lock);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lock {Lock}: publishing event version {Version} failed")]
    private partial void LogPublishFailed(Exception ex, string @lock, long version);
}
