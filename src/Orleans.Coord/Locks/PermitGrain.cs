using Microsoft.Extensions.Logging;
using Orleans.Coord.Grains;
using Orleans.Coord.Internal;
using Orleans.Coord.Sessions;
using Orleans.Coord.Validation;
using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Coord.Locks;

/// <summary>
/// The engine of the locks whose capacity several holders share (semaphores, reader-writer locks): a FIFO queue whose
/// head is granted as soon as it fits, fencing tokens, session leases. Each change is persisted with the grain's ETag,
/// then answered, then pushed to the observers concerned and published on the grain's stream. A release grants every
/// waiter that fits now in the same turn and the same write.
/// </summary>
internal abstract partial class PermitGrain(IPersistentState<PermitState> state, ILogger logger, TimeProvider clock) : Grain, IPermitGrain
{
    private readonly List<LockEvent> _events = [];
    private SessionLiveness? _liveness;
    private readonly List<Func<Task>> _pushes = [];
    private IAsyncStream<LockEvent>? _stream;

    private PermitState S => state.State;

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

    public async Task<LockGrant?> TryAcquireAsync(Guid sessionId, string memberId, Guid requestId, int permits, int capacity, ILockWaiter? observer)
    {
        Guard.Name(memberId, nameof(memberId));
        ValidateRequest(permits, capacity);
        if (S.Holders.Find(h => h.RequestId == requestId) is { } known)
        {
            return Grant(known);
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
        await CommitAsync();
        return Grant(hold);
    }

    public async Task<LockRequestStatus> EnqueueAsync(Guid sessionId, string memberId, Guid requestId, int permits, int capacity, ILockWaiter observer)
    {
        Guard.Name(memberId, nameof(memberId));
        ValidateRequest(permits, capacity);
        ArgumentNullException.ThrowIfNull(observer);
        var known = Status(requestId);
        if (known.State != LockRequestState.Unknown)
        {
            return known;
        }

        CheckCapacity(capacity);
        await EnsureAliveAsync(sessionId, memberId);
        if (S.Waiters.Count == 0 && Fits(permits))
        {
            var hold = GrantTo(requestId, sessionId, memberId, permits, capacity, observer);
            await CommitAsync();
            return LockRequestStatus.Granted(hold.Token);
        }

        S.Capacity = capacity;
        S.Waiters.Add(new PermitQueueEntry(requestId, sessionId, memberId, permits, observer));
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
            // The head may have been what blocked those behind it.
            await GrantWaitersAsync();
            await CommitAsync();
            return true;
        }

        if (S.Holders.Find(h => h.RequestId == requestId) is { } hold)
        {
            // Granted while the client gave up: release it so that no orphan grant remains.
            EndHold(hold, LockEventKind.Released, "cancelled", tellHolder: false);
            await GrantWaitersAsync();
            await CommitAsync();
            return true;
        }

        return false;
    }

    public async Task<bool> ReleaseAsync(Guid sessionId, long token)
    {
        if (S.Holders.Find(h => h.SessionId == sessionId && h.Token == token) is not { } hold)
        {
            return false;
        }

        EndHold(hold, LockEventKind.Released, "release", tellHolder: false);
        await GrantWaitersAsync();
        await CommitAsync();
        return true;
    }

    public async Task<bool> IsStillOwnerAsync(Guid sessionId, long token) =>
        S.Holders.Exists(h => h.SessionId == sessionId && h.Token == token) && await Liveness.IsAliveNowAsync(sessionId);

    public Task<IReadOnlyList<LockGrant>> GetHoldersAsync() =>
        Task.FromResult<IReadOnlyList<LockGrant>>(S.Holders.Select(Grant).ToArray());

    public Task<int> GetQueueLengthAsync() => Task.FromResult(S.Waiters.Count);

    public async Task ReleaseSessionAsync(Guid sessionId, SessionEndReason reason)
    {
        Liveness.Forget(sessionId);
        var removed = S.Waiters.RemoveAll(w => w.SessionId == sessionId);
        var held = S.Holders.Where(h => h.SessionId == sessionId).ToArray();
        if (removed == 0 && held.Length == 0)
        {
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
        await CommitAsync();
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
        await CommitAsync();
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
            _pushes.Add(() => observer.Lost(id, hold.Token, reason));
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
            _pushes.Add(() => next.Observer.Granted(id, next.RequestId, hold.Token));
        }
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

    private void AddEvent(LockEventKind kind, string reason, PermitHold hold) =>
        _events.Add(new LockEvent(Name, hold.MemberId, hold.SessionId, kind, reason, hold.Token, ++S.Version, clock.GetUtcNow()));

    private static LockGrant Grant(PermitHold hold) => new(hold.Token, hold.MemberId, hold.SessionId);

    private SessionLiveness Liveness => _liveness ??= new(GrainFactory, clock, logger, this.GetGrainId());

    private Task<bool> IsAliveAsync(Guid sessionId, bool assumeAliveOnError = false) => Liveness.IsAliveAsync(sessionId, assumeAliveOnError);

    private async Task PublishAsync(LockEvent e)
    {
        try
        {
            _stream ??= this.GetStreamProvider(CoordConstants.StreamProviderName).GetStream<LockEvent>(StreamId.Create(StreamNamespace, Name));
            await _stream.OnNextAsync(e);
        }
        catch (Exception ex)
        {
            // The change is persisted; only the notification to stream subscribers is lost.
            LogPublishFailed(ex, Name, e.Version);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Name}: session {SessionId} ended ({Reason}); grants released: {Held}, waiters removed: {Removed}")]
    private partial void LogSessionReleased(string name, Guid sessionId, SessionEndReason reason, int held, int removed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Name}: skipped waiter {MemberId} whose session {SessionId} is no longer alive")]
    private partial void LogSkippedDeadWaiter(string name, string memberId, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name}: a push to a client observer failed; the client's re-check recovers it")]
    private partial void LogPushFailed(Exception ex, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name}: publishing event version {Version} failed")]
    private partial void LogPublishFailed(Exception ex, string name, long version);
}
