using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Coord.Grains;
using Orleans.Coord.Internal;
using Orleans.Coord.Sessions;
using Orleans.Coord.Validation;
using Orleans.Runtime;

namespace Orleans.Coord.Locks;

/// <summary>
/// The engine of the locks whose capacity several holders share (semaphores, reader-writer locks): a FIFO queue whose
/// head is granted as soon as it fits, fencing tokens, session leases. Each change is persisted with the grain's ETag,
/// then answered, then pushed to the observers concerned and published on the grain's stream. A release grants every
/// waiter that fits now in the same turn and the same write. Calls run one at a time, but the changes of the calls that
/// arrive while a write is in flight share the next write (<see cref="CommitPipeline{TState}"/>).
/// </summary>
[Reentrant]
internal abstract partial class PermitGrain(IPersistentState<PermitState> state, ILogger logger, TimeProvider clock) : Grain, IPermitGrain
{
    private CommitPipeline<PermitState>? _pipeline;
    private EventsPerWrite<LockEvent>? _events;
    private SessionLiveness? _liveness;
    private OrderedStreamPublisher<LockEvent>? _stream;

    private CommitPipeline<PermitState> Commits => _pipeline ??= new(state, this, PermitState.Copy, logger);

    private PermitState S => Commits.State;

    /// <summary>The name the grain is keyed by.</summary>
    protected string Name => this.GetPrimaryKeyString();

    /// <summary>The stream namespace the grain publishes its events in.</summary>
    protected abstract string StreamNamespace { get; }

    /// <summary>Checks the permits and capacity of a request for this kind of lock.</summary>
    /// <exception cref="ArgumentException">They break the lock's rules.</exception>
    protected abstract void ValidateRequest(int permits, int capacity);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Guard.Name(Name, "name");
        return Task.CompletedTask;
    }

    public Task<LockGrant?> TryAcquireAsync(Guid sessionId, string memberId, Guid requestId, int permits, int capacity, ILockWaiter? observer) =>
        Commits.RunAsync(() => TryAcquireInTurnAsync(sessionId, memberId, requestId, permits, capacity, observer));

    public Task<LockRequestStatus> EnqueueAsync(Guid sessionId, string memberId, Guid requestId, int permits, int capacity, ILockWaiter observer) =>
        Commits.RunAsync(() => EnqueueInTurnAsync(sessionId, memberId, requestId, permits, capacity, observer));

    public Task<LockRequestStatus> GetRequestStatusAsync(Guid requestId) => Commits.RunAsync(() => Task.FromResult(Status(requestId)));

    public Task<bool> CancelWaitAsync(Guid requestId) => Commits.RunAsync(() => CancelWaitInTurnAsync(requestId));

    public Task<bool> ReleaseAsync(Guid sessionId, long token) => Commits.RunAsync(() => ReleaseInTurnAsync(sessionId, token));

    public Task<bool> IsStillOwnerAsync(Guid sessionId, long token) => Commits.RunAsync(async () =>
        S.Holders.Exists(h => h.SessionId == sessionId && h.Token == token) && await Liveness.IsAliveNowAsync(sessionId));

    public Task<IReadOnlyList<LockGrant>> GetHoldersAsync() =>
        Commits.RunAsync(() => Task.FromResult<IReadOnlyList<LockGrant>>(S.Holders.Select(Grant).ToArray()));

    public Task<int> GetQueueLengthAsync() => Commits.RunAsync(() => Task.FromResult(S.Waiters.Count));

    public Task ReleaseSessionAsync(Guid sessionId, SessionEndReason reason) =>
        Commits.RunAsync(() => ReleaseSessionInTurnAsync(sessionId, reason));

    private async Task<LockGrant?> TryAcquireInTurnAsync(Guid sessionId, string memberId, Guid requestId, int permits, int capacity, ILockWaiter? observer)
    {
        Guard.Name(memberId, nameof(memberId));
        ValidateRequest(permits, capacity);
        if (S.Holders.Find(h => h.RequestId == requestId) is { } known)
        {
            return Grant(known);
        }

        if (S.Released.Ended(sessionId, requestId))
        {
            // A late copy of a try whose hold has already ended: granting it would leave a hold nobody releases.
            return null;
        }

        CheckCapacity(capacity);
        if (S.Waiters.Count > 0)
        {
            return null;
        }

        if (!Fits(permits))
        {
            // Holders whose session died but whose release has not arrived yet must not keep a live caller out.
            await ClearDeadHoldersAsync(sessionId);
            if (S.Waiters.Count > 0 || !Fits(permits))
            {
                return null;
            }
        }

        await EnsureAliveAsync(sessionId, memberId);
        var hold = GrantTo(requestId, sessionId, memberId, permits, capacity, observer);
        Commits.Changed();
        return Grant(hold);
    }

    private async Task<LockRequestStatus> EnqueueInTurnAsync(Guid sessionId, string memberId, Guid requestId, int permits, int capacity, ILockWaiter observer)
    {
        Guard.Name(memberId, nameof(memberId));
        ValidateRequest(permits, capacity);
        ArgumentNullException.ThrowIfNull(observer);
        var known = Status(requestId);
        if (known.State != LockRequestState.Unknown || S.Released.Ended(sessionId, requestId))
        {
            // Unknown for a late copy of a request that has ended: it is neither granted nor queued again.
            return known;
        }

        CheckCapacity(capacity);
        await EnsureAliveAsync(sessionId, memberId);
        if (S.Waiters.Count == 0 && Fits(permits))
        {
            var hold = GrantTo(requestId, sessionId, memberId, permits, capacity, observer);
            Commits.Changed();
            return LockRequestStatus.Granted(hold.Token);
        }

        // A queue position is answered before it is written (it goes with the next write): lost in a crash, it is
        // re-queued by the waiter's next status re-check. Grants, releases and withdrawals are never answered early.
        S.Capacity = capacity;
        S.Waiters.Add(new PermitQueueEntry(requestId, sessionId, memberId, permits, observer));
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
            // The head may have been what blocked those behind it.
            await GrantWaitersAsync();
            Commits.Changed();
            return true;
        }

        if (S.Holders.Find(h => h.RequestId == requestId) is { } hold)
        {
            // Granted while the client gave up: release it so that no orphan grant remains.
            S.Released.RecordEnded(hold.SessionId, requestId);
            EndHold(hold, LockEventKind.Released, "cancelled", tellHolder: false);
            await GrantWaitersAsync();
            Commits.Changed();
            return true;
        }

        return false;
    }

    private async Task<bool> ReleaseInTurnAsync(Guid sessionId, long token)
    {
        if (S.Holders.Find(h => h.SessionId == sessionId && h.Token == token) is not { } hold)
        {
            return S.Released.Includes(sessionId, token);
        }

        EndHold(hold, LockEventKind.Released, "release", tellHolder: false);
        S.Released.Record(sessionId, token, hold.RequestId);
        await GrantWaitersAsync();
        Commits.Changed();
        return true;
    }

    private async Task ReleaseSessionInTurnAsync(Guid sessionId, SessionEndReason reason)
    {
        Liveness.Forget(sessionId);
        var forgotten = S.Released.Forget(sessionId);
        var removed = S.Waiters.RemoveAll(w => w.SessionId == sessionId);
        var held = S.Holders.Where(h => h.SessionId == sessionId).ToArray();
        if (removed == 0 && held.Length == 0)
        {
            if (forgotten)
            {
                // Eager like every release: were this lost in a crash, the ended session's entry would stay forever.
                Commits.Changed();
            }

            return;
        }

        foreach (var hold in held)
        {
            EndHold(
                hold,
                reason == SessionEndReason.Expired ? LockEventKind.Expired : LockEventKind.Released,
                reason == SessionEndReason.Expired ? "session expired" : "session stopped",
                tellHolder: true);
        }

        await GrantWaitersAsync();
        Commits.Changed();
        LogSessionReleased(Name, sessionId, reason, held.Length, removed);
    }

    private LockRequestStatus Status(Guid requestId)
    {
        if (S.Holders.Find(h => h.RequestId == requestId) is { } hold)
        {
            return LockRequestStatus.Granted(hold.Token);
        }

        return S.Waiters.Exists(w => w.RequestId == requestId) ? LockRequestStatus.Queued : LockRequestStatus.Unknown;
    }

    /// <summary>Every user of one name must agree on the capacity; it may change only while nobody holds or waits.</summary>
    private void CheckCapacity(int capacity)
    {
        if ((S.Holders.Count > 0 || S.Waiters.Count > 0) && S.Capacity != capacity)
        {
            throw new SemaphoreMaxCountMismatchException(Name, S.Capacity, capacity);
        }
    }

    private bool Fits(int permits) => S.Holders.Sum(h => (long)h.Permits) + permits <= S.Capacity || S.Holders.Count == 0;

    private async Task ClearDeadHoldersAsync(Guid callerSessionId)
    {
        var dead = new List<PermitHold>();
        foreach (var hold in S.Holders.Where(h => h.SessionId != callerSessionId).ToArray())
        {
            if (!await IsAliveAsync(hold.SessionId, assumeAliveOnError: true))
            {
                dead.Add(hold);
            }
        }

        if (dead.Count == 0)
        {
            return;
        }

        foreach (var hold in dead)
        {
            EndHold(hold, LockEventKind.Expired, "session expired", tellHolder: true);
        }

        await GrantWaitersAsync();
        Commits.Changed();
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

    private PermitHold GrantTo(Guid requestId, Guid sessionId, string memberId, int permits, int capacity, ILockWaiter? observer)
    {
        S.Capacity = capacity;
        var hold = new PermitHold(requestId, sessionId, memberId, ++S.LastToken, permits, observer);
        S.Holders.Add(hold);
        AddEvent(LockEventKind.Acquired, "acquire", hold);
        return hold;
    }

    private void EndHold(PermitHold hold, LockEventKind kind, string reason, bool tellHolder)
    {
        S.Holders.Remove(hold);
        AddEvent(kind, reason, hold);
        if (tellHolder && hold.Observer is { } observer)
        {
            var id = this.GetGrainId();
            Commits.AfterWrite(() => observer.Lost(id, hold.Token, reason));
        }
    }

    /// <summary>Grants, in order, every waiter at the head of the queue that fits now; the caller commits.</summary>
    private async Task GrantWaitersAsync()
    {
        while (S.Waiters.Count > 0 && Fits(S.Waiters[0].Permits))
        {
            var next = S.Waiters[0];
            S.Waiters.RemoveAt(0);
            // A dead waiter's release is on its way; skip it. When the session grain cannot be asked, grant anyway: a
            // dead session's release follows and passes the permits on.
            if (!await IsAliveAsync(next.SessionId, assumeAliveOnError: true))
            {
                LogSkippedDeadWaiter(Name, next.MemberId, next.SessionId);
                continue;
            }

            var hold = GrantTo(next.RequestId, next.SessionId, next.MemberId, next.Permits, S.Capacity, next.Observer);
            var id = this.GetGrainId();
            Commits.AfterWrite(() => next.Observer.Granted(id, next.RequestId, hold.Token));
        }
    }

    /// <summary>Records an event; the events of one write are published together, in one stream call, after it.</summary>
    private void AddEvent(LockEventKind kind, string reason, PermitHold hold) =>
        (_events ??= new(PublishAsync)).Add(Commits, new LockEvent(Name, hold.MemberId, hold.SessionId, kind, reason, hold.Token, ++S.Version, clock.GetUtcNow()));

    private static LockGrant Grant(PermitHold hold) => new(hold.Token, hold.MemberId, hold.SessionId);

    private SessionLiveness Liveness => _liveness ??= new(GrainFactory, clock, logger, this.GetGrainId());

    private Task<bool> IsAliveAsync(Guid sessionId, bool assumeAliveOnError = false) => Liveness.IsAliveAsync(sessionId, assumeAliveOnError);

    private Task PublishAsync(IReadOnlyList<LockEvent> events)
    {
        // The change is persisted; a failed publish loses only the notification to stream subscribers.
        (_stream ??= new(this, StreamNamespace, (ex, failed) => LogPublishFailed(ex, Name, failed[0].Version, failed[^1].Version))).Publish(events);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Name}: session {SessionId} ended ({Reason}); grants released: {Held}, waiters removed: {Removed}")]
    private partial void LogSessionReleased(string name, Guid sessionId, SessionEndReason reason, int held, int removed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Name}: skipped waiter {MemberId} whose session {SessionId} is no longer alive")]
    private partial void LogSkippedDeadWaiter(string name, string memberId, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name}: publishing event versions {First} to {Last} failed")]
    private partial void LogPublishFailed(Exception ex, string name, long first, long last);
}
