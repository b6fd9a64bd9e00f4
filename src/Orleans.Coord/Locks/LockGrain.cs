using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Coord.Grains;
using Orleans.Coord.Internal;
using Orleans.Coord.Sessions;
using Orleans.Coord.Validation;
using Orleans.Runtime;

namespace Orleans.Coord.Locks;

/// <summary>
/// The authoritative state of one exclusive lock. Each change (grant, release, queue change) is persisted with the
/// grain's ETag, then answered, then pushed to the observers concerned and published on the lock's stream. A release
/// hands the lock to the next live waiter in the same turn and the same write. Calls run one at a time, but the
/// changes of the calls that arrive while a write is in flight share the next write (<see cref="CommitPipeline{TState}"/>),
/// so a handoff and the releaser's next enqueue cost one write between them.
/// </summary>
[Reentrant]
internal sealed partial class LockGrain(
    [PersistentState("lock", CoordConstants.StorageName)] IPersistentState<LockState> state,
    ILogger<LockGrain> logger,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<CoordLockOptions> options) : Grain, ILockGrain
{
    private CommitPipeline<LockState>? _pipeline;
    private SessionLiveness? _liveness;
    private IGrainTimer? _delayTimer;
    private OrderedStreamPublisher<LockEvent>? _stream;
    private EventsPerWrite<LockEvent>? _events;

    private CommitPipeline<LockState> Commits => _pipeline ??= new(state, this, LockState.Copy, logger);

    private LockState S => Commits.State;

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

    public Task<LockGrant?> TryAcquireAsync(Guid sessionId, string memberId, Guid requestId, ILockWaiter? observer) =>
        Commits.RunAsync(() => TryAcquireInTurnAsync(sessionId, memberId, requestId, observer));

    public Task<LockRequestStatus> EnqueueAsync(Guid sessionId, string memberId, Guid requestId, ILockWaiter observer) =>
        Commits.RunAsync(() => EnqueueInTurnAsync(sessionId, memberId, requestId, observer));

    public Task<LockRequestStatus> GetRequestStatusAsync(Guid requestId) => Commits.RunAsync(() => Task.FromResult(Status(requestId)));

    public Task<bool> CancelWaitAsync(Guid requestId) => Commits.RunAsync(() => CancelWaitInTurnAsync(requestId));

    public Task<bool> ReleaseAsync(Guid sessionId, long token) => Commits.RunAsync(() => ReleaseInTurnAsync(sessionId, token));

    public Task<bool> IsStillOwnerAsync(Guid sessionId, long token) =>
        Commits.RunAsync(async () => S.Holder is { } held && held.SessionId == sessionId && held.Token == token && await Liveness.IsAliveNowAsync(sessionId));

    public Task<bool> BreakAsync(Guid requestId) => Commits.RunAsync(() => BreakInTurnAsync(requestId));

    public Task<LockGrant?> GetHolderAsync() => Commits.RunAsync(() => Task.FromResult(S.Holder is { } held ? Grant(held) : null));

    public Task<int> GetQueueLengthAsync() => Commits.RunAsync(() => Task.FromResult(S.Waiters.Count));

    public Task ReleaseSessionAsync(Guid sessionId, SessionEndReason reason) =>
        Commits.RunAsync(() => ReleaseSessionInTurnAsync(sessionId, reason));

    private async Task<LockGrant?> TryAcquireInTurnAsync(Guid sessionId, string memberId, Guid requestId, ILockWaiter? observer)
    {
        Guard.Name(memberId, nameof(memberId));
        await ClearDeadHolderAsync(sessionId);
        if (S.Holder is { } held)
        {
            return held.RequestId == requestId ? Grant(held) : null;
        }

        if (S.Released.Ended(sessionId, requestId))
        {
            // A late copy of a try whose hold has already ended: granting it would leave a hold nobody releases.
            return null;
        }

        if (S.Waiters.Count > 0 || InLockDelay)
        {
            // Queued requests come first (a try never jumps the queue), and nobody gets the lock during its lock-delay.
            return null;
        }

        await EnsureAliveAsync(sessionId, memberId);
        var hold = GrantTo(requestId, sessionId, memberId, observer);
        Commits.Changed();
        return Grant(hold);
    }

    private async Task<LockRequestStatus> EnqueueInTurnAsync(Guid sessionId, string memberId, Guid requestId, ILockWaiter observer)
    {
        Guard.Name(memberId, nameof(memberId));
        ArgumentNullException.ThrowIfNull(observer);
        var known = Status(requestId);
        if (known.State != LockRequestState.Unknown || S.Released.Ended(sessionId, requestId))
        {
            // Unknown for a late copy of a request that has ended: it is neither granted nor queued again.
            return known;
        }

        await ClearDeadHolderAsync(sessionId);
        await EnsureAliveAsync(sessionId, memberId);
        if (S.Holder is null && S.Waiters.Count == 0 && !InLockDelay)
        {
            var hold = GrantTo(requestId, sessionId, memberId, observer);
            Commits.Changed();
            return LockRequestStatus.Granted(hold.Token);
        }

        // A queue position is answered before it is written (it goes with the next write): lost in a crash, it is
        // re-queued by the waiter's next status re-check. Grants, releases and withdrawals are never answered early.
        S.Waiters.Add(new LockQueueEntry(requestId, sessionId, memberId, observer));
        Commits.ChangedLazily();
        return LockRequestStatus.Queued;
    }

    private async Task<bool> CancelWaitInTurnAsync(Guid requestId)
    {
        var index = S.Waiters.FindIndex(w => w.RequestId == requestId);
        if (index >= 0)
        {
            S.Released.RecordEnded(S.Waiters[index].SessionId, requestId);
            S.Waiters.RemoveAt(index);
            Commits.Changed();
            return true;
        }

        if (S.Holder?.RequestId == requestId)
        {
            // Granted while the client gave up: release it so that no orphan grant remains.
            S.Released.RecordEnded(S.Holder.SessionId, requestId);
            await EndHoldAsync(LockEventKind.Released, "cancelled", tellHolder: false);
            Commits.Changed();
            return true;
        }

        return false;
    }

    private async Task<bool> ReleaseInTurnAsync(Guid sessionId, long token)
    {
        if (S.Holder is not { } held || held.SessionId != sessionId || held.Token != token)
        {
            return S.Released.Includes(sessionId, token);
        }

        await EndHoldAsync(LockEventKind.Released, "release", tellHolder: false);
        S.Released.Record(sessionId, token, held.RequestId);
        Commits.Changed();
        return true;
    }

    private async Task<bool> BreakInTurnAsync(Guid requestId)
    {
        if (S.LastBreak == requestId)
        {
            return S.LastBreakBroke;
        }

        var broke = S.Holder is not null;
        if (broke)
        {
            LogBroken(Name, S.Holder!.MemberId, S.Holder.Token);
            await EndHoldAsync(LockEventKind.Broken, "broken", tellHolder: true);
        }

        // Even "the lock was free" is stored before it is answered: a repeat arriving after a new grant must not break it.
        S.LastBreak = requestId;
        S.LastBreakBroke = broke;
        Commits.Changed();
        return broke;
    }

    private async Task ReleaseSessionInTurnAsync(Guid sessionId, SessionEndReason reason)
    {
        Liveness.Forget(sessionId);
        var forgotten = S.Released.Forget(sessionId);
        var removed = S.Waiters.RemoveAll(w => w.SessionId == sessionId);
        var held = S.Holder?.SessionId == sessionId;
        if (removed == 0 && !held)
        {
            if (forgotten)
            {
                // Eager like every release: were this lost in a crash, the ended session's entry would stay forever.
                Commits.Changed();
            }

            return;
        }

        if (held)
        {
            await EndHoldAsync(
                reason == SessionEndReason.Expired ? LockEventKind.Expired : LockEventKind.Released,
                reason == SessionEndReason.Expired ? "session expired" : "session stopped",
                tellHolder: true);
        }

        Commits.Changed();
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
            Commits.Changed();
        }
    }

    private async Task EnsureAliveAsync(Guid sessionId, string memberId)
    {
        // The session attached this grain before calling: while it is alive here, its end reaches this grain after
        // this call (calls to this grain run one at a time), so no grant or queue entry can outlive the session.
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
            Commits.AfterWrite(() => holderObserver.Lost(this.GetGrainId(), old.Token, reason));
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
            Commits.AfterWrite(() => next.Observer.Granted(this.GetGrainId(), next.RequestId, hold.Token));
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

    private Task EndDelayAsync(CancellationToken cancellationToken) => Commits.RunAsync(EndDelayInTurnAsync);

    private async Task EndDelayInTurnAsync()
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

        Commits.Changed();
    }

    /// <summary>Records an event; the events of one write are published together, in one stream call, after it.</summary>
    private void AddEvent(LockEventKind kind, string reason, LockHold hold)
    {
        var e = new LockEvent(Name, hold.MemberId, hold.SessionId, kind, reason, hold.Token, ++S.Version, clock.GetUtcNow());
        (_events ??= new(PublishAsync)).Add(Commits, e);
    }

    private static LockGrant Grant(LockHold hold) => new(hold.Token, hold.MemberId, hold.SessionId);

    private SessionLiveness Liveness => _liveness ??= new(GrainFactory, clock, logger, this.GetGrainId());

    private Task<bool> IsAliveAsync(Guid sessionId, bool assumeAliveOnError = false) => Liveness.IsAliveAsync(sessionId, assumeAliveOnError);

    private Task PublishAsync(IReadOnlyList<LockEvent> events)
    {
        // The change is persisted; a failed publish loses only the notification to stream subscribers.
        (_stream ??= new(this, CoordConstants.LockStreamNamespace, (ex, failed) => LogPublishFailed(ex, Name, failed[0].Version, failed[^1].Version))).Publish(events);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lock {Lock}: session {SessionId} ended ({Reason}); held: {Held}, waiters removed: {Removed}")]
    private partial void LogSessionReleased(string @lock, Guid sessionId, SessionEndReason reason, bool held, int removed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lock {Lock}: the hold of member {MemberId} (token {Token}) was broken")]
    private partial void LogBroken(string @lock, string memberId, long token);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lock {Lock}: skipped waiter {MemberId} whose session {SessionId} is no longer alive")]
    private partial void LogSkippedDeadWaiter(string @lock, string memberId, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lock {Lock}: publishing event versions {First} to {Last} failed")]
    private partial void LogPublishFailed(Exception ex, string @lock, long first, long last);
}
