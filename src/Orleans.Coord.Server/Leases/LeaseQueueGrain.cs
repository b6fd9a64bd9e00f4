using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Grains;
using Orleans.Coord.Inspection;
using Orleans.Coord.Server.Internal;
using Orleans.Coord.Server.Telemetry;
using Orleans.Coord.Sessions;
using Orleans.Coord.Validation;
using Orleans.Runtime;

namespace Orleans.Coord.Server.Leases;

/// <summary>
/// The lease-queue engine under every lock, semaphore, reader-writer lock and election (docs/design.md, "One
/// lease-queue engine"): a first-in, first-out queue of session requests, each for some permits of a capacity. The
/// head of the queue is granted as soon as it fits, with a token greater than every earlier grant's. A grant ends when
/// its holder releases it, when the holder's session ends or expires, when it is broken, or when it lapses (its
/// request's condition no longer holds); the requests that fit then are granted in the same turn and the same write.
/// Every change is persisted before any call that saw it is answered (<see cref="CommitPipeline{TState}"/>), then
/// pushed to the requesters concerned and published. Requests carry ids: the <see cref="RequestLedger"/> answers a
/// copy sent again as the first copy was and refuses a late copy of a request that has ended. A session is granted or
/// queued only once it records this grain (<see cref="SessionAttachments"/>), so that its end reaches the grain; a
/// session with nothing here may stop recording it (<see cref="TryDetachAsync"/>). A derived grain adds its policy
/// (capacity, events, lock-delay, a request's condition) and its own operations.
/// </summary>
internal abstract partial class LeaseQueueGrain<TEvent>(IPersistentState<LeaseQueueState> state, ILogger logger, TimeProvider clock)
    : Grain, ILeaseGrain, ILiveLeaseQueue
    where TEvent : class
{
    private static readonly Task<bool> Eligible = Task.FromResult(true);

    private ServerInstruments? _metrics;
    private CommitPipeline<LeaseQueueState>? _pipeline;
    private (int Holders, int Waiters) _counts;
    private bool _listed;
    private SessionLiveness? _liveness;
    private SessionAttachments? _attachments;
    private LedgerTrimmer? _trimmer;
    private HeldAnswers? _heldAnswers;
    private GrainEvents<TEvent>? _events;
    private CoordResourceLimits? _limits;
    private IGrainTimer? _delayTimer;
    private string? _name;

    /// <summary>The commit pipeline every call runs its body in; read and change <see cref="S"/> only inside a body.</summary>
    protected CommitPipeline<LeaseQueueState> Commits => _pipeline ??= new(state, this, s => s.Copy(), logger)
    {
        AfterEachBody = s => _counts = (s.Holders.Count, s.Waiters.Count),
    };

    protected LeaseQueueState S => Commits.State;

    /// <summary>The grain's name (its key), read from the grain id once per activation.</summary>
    protected string Name => _name ??= this.GetPrimaryKeyString();

    /// <summary>The grain's events: recorded with their change, published and pushed to watchers after its write.</summary>
    protected GrainEvents<TEvent> Events => _events ??= new(this, PublishesEvents ? StreamNamespace : null, $"{Primitive} '{Name}'", Limits.MaxWatches, clock, logger);

    /// <summary>The silo's resource limits.</summary>
    protected CoordResourceLimits Limits => _limits ??= ServiceProvider.GetRequiredService<IOptions<CoordResourceLimits>>().Value;

    protected abstract string StreamNamespace { get; }

    /// <summary>Whether the grain's events go on its stream (<see cref="StreamNamespace"/>); true unless a kind says otherwise.</summary>
    protected virtual bool PublishesEvents => true;

    /// <summary>The primitive's name in metrics and traces: one of <see cref="Orleans.Coord.Telemetry.CoordTelemetry.Primitives"/>.</summary>
    public abstract string Primitive { get; }

    string ILiveLeaseQueue.Name => Name;

    int ILiveLeaseQueue.HolderCount => _counts.Holders;

    int ILiveLeaseQueue.WaiterCount => _counts.Waiters;

    private ServerInstruments Metrics => _metrics ??= ServiceProvider.GetRequiredService<ServerInstruments>();

    /// <summary>How many permits the holders may take together.</summary>
    protected virtual int Capacity => S.Capacity;

    /// <summary>How long nothing is granted after a grant expired (Chubby's lock-delay); zero for none.</summary>
    protected virtual TimeSpan DelayAfterExpiry => TimeSpan.Zero;

    /// <summary>The event that tells of <paramref name="change"/> to <paramref name="lease"/>.</summary>
    protected abstract TEvent ToEvent(LeaseChange change, Lease lease, long version, DateTimeOffset at);

    /// <summary>How the primitive names a change in its events and lost-lease notices.</summary>
    protected virtual string Reason(LeaseChange change) => change switch
    {
        LeaseChange.Granted => "acquire",
        LeaseChange.Released => "release",
        LeaseChange.Withdrawn => "cancelled",
        LeaseChange.Stopped => "session stopped",
        LeaseChange.Expired => "session expired",
        LeaseChange.Broken => "broken",
        LeaseChange.Lapsed => "left group",
        _ => "proclaim",
    };

    /// <summary>
    /// Whether the condition of a request or grant holds, to make the request, to grant it and to keep its grant. With
    /// <paramref name="assumeOnError"/>, answers true (and logs) when the condition cannot be checked.
    /// </summary>
    protected virtual Task<bool> IsEligibleAsync(ILeaseParty party, bool assumeOnError) => Eligible;

    /// <summary>The error a request whose condition does not hold is refused with.</summary>
    protected virtual Exception Ineligible(ILeaseParty party) => new InvalidOperationException($"{Name}: the request's condition does not hold.");

    /// <summary>
    /// Checks a new request (not a copy of a known or ended one) before it is counted, granted or queued; throws to
    /// refuse it, changing nothing. The engine accepts every request.
    /// </summary>
    protected virtual void CheckNewRequest(LeaseRequest request)
    {
    }

    /// <summary>Called after a grant was made or ended, and once the activation has read its state.</summary>
    protected virtual void OnGrantsChanged()
    {
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Guard.Name(Name, "name");
        if (S.Holders.Count > 0 || S.Waiters.Count > 0)
        {
            // Self-heal the directory in case the activation that listed it died before the entry was stored; when that
            // fails, the first request of this activation lists it.
            try
            {
                await ListAsync();
            }
            catch (Exception ex)
            {
                LogListFailed(ex, Name);
            }
        }

        if (S.DelayedUntil is { } until)
        {
            ScheduleEndOfDelay(until);
        }

        OnGrantsChanged();
        _counts = (S.Holders.Count, S.Waiters.Count);
        Metrics.LeaseQueues.Add(this);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Metrics.LeaseQueues.Remove(this);
        if (_counts == (0, 0) && reason.ReasonCode is not (DeactivationReasonCode.ApplicationRequested or DeactivationReasonCode.ShuttingDown))
        {
            // Free and going idle: off the directory. A stale or failed activation, or one whose silo shuts down, leaves
            // that to the next activation (a listing activates it, and it leaves once collected free).
            try
            {
                await NameDirectory.Of(GrainFactory, Primitive, Name).RemoveAsync(Name);
            }
            catch (Exception ex)
            {
                LogUnlistFailed(ex, Name);
            }
        }
    }

    public Task<LeaseQueueInfo> GetInfoAsync() => Commits.RunAsync(() => Task.FromResult(new LeaseQueueInfo(
        Primitive,
        Name,
        Capacity,
        S.LastToken,
        S.Holders.Select(h => new LeaseHolderInfo(h.MemberId, h.SessionId, h.Token, h.Permits, h.GrantedAt, h.Value ?? [])).ToArray(),
        S.Waiters.Select(w => new LeaseWaiterInfo(w.MemberId, w.SessionId, w.Permits, w.Value ?? [])).ToArray())));

    public Task<bool> WithdrawAsync(Guid sessionId, Guid requestId, RequestOrder order) => Commits.RunAsync(() => WithdrawInTurnAsync(sessionId, requestId, order));

    public Task ReleaseSessionAsync(Guid sessionId, SessionEndReason reason) => Commits.RunAsync(() => ReleaseSessionInTurnAsync(sessionId, reason));

    /// <summary>Runs outside the turn of the bodies (it may run while a body awaits the session itself); reads only.</summary>
    public Task<bool> TryDetachAsync(Guid sessionId) =>
        Task.FromResult(Attachments.TryDetach(sessionId, Commits.MayBeStored(s => Involves(s, sessionId))));

    protected static LeaseRequest NewRequest(Guid sessionId, string memberId, Guid requestId, RequestOrder order, int permits, ILeaseObserver? observer, byte[]? value = null, string? group = null) =>
        new(requestId, sessionId, Guard.Name(memberId, nameof(memberId)), permits, observer, value, group, order);

    protected LeaseStatus StatusOf(Guid requestId) => new(Find(requestId), S.Waiters.Exists(w => w.RequestId == requestId));

    /// <summary>
    /// Grants the request now if it fits and nobody waits; null otherwise, and for a copy of an ended request. The grant
    /// (or null) is answered in the primitive's words by <paramref name="answer"/>.
    /// </summary>
    protected async Task<T> TryAcquireInTurnAsync<T>(LeaseRequest request, Func<Lease?, T> answer)
    {
        if (Find(request.RequestId) is { } known)
        {
            return answer(known);
        }

        if (S.Ledger.IsSpent(request.SessionId, request.RequestId, request.Order))
        {
            return answer(null);
        }

        using var pin = Attachments.Pin(request.SessionId);
        AdvanceFloor(request.SessionId, request.Order);
        await TrimLedgerAsync();
        CheckNewRequest(request);
        Metrics.Requested(Primitive, Name);
        await ListAsync();
        if (!await FitsNowAsync(request))
        {
            return answer(null);
        }

        await EnsureRequesterAsync(request);
        return answer(Grant(request));
    }

    /// <summary>
    /// Grants the request now if it fits and nobody waits, else queues it. A queue position is answered before it is
    /// written (it goes with the next write): lost in a crash, it is queued again by the waiter's next status re-check.
    /// The answer of the call that queued the request, when at most <see cref="HeldAnswers.MostAhead"/> requests wait
    /// ahead of it, is held for up to <see cref="HeldAnswers.Window"/>: a grant made meanwhile is answered, once written,
    /// instead of pushed (docs/design.md, rule 5); after it, the request is answered waiting and its grant is pushed.
    /// Grants, releases and withdrawals are never answered early. A copy of an ended request is answered unknown. The
    /// status is answered in the primitive's words by <paramref name="answer"/>; the request is made by
    /// <paramref name="request"/> in turn.
    /// </summary>
    protected async Task<T> EnqueueAsync<T>(Func<LeaseRequest> request, Func<LeaseStatus, T> answer)
    {
        var (status, held) = await Commits.RunAsync(() => EnqueueInTurnAsync(request()));
        if (held is not null && await held is { } lease)
        {
            status = new(lease, false);
        }

        return answer(status);
    }

    private async Task<(LeaseStatus Status, Task<Lease?>? Held)> EnqueueInTurnAsync(LeaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request.Observer, "observer");
        var known = StatusOf(request.RequestId);
        if (known.IsKnown || S.Ledger.IsSpent(request.SessionId, request.RequestId, request.Order))
        {
            // A copy of the call: once it is answered waiting, the requester listens for the push.
            HeldAnswers.Release(request.RequestId);
            return (known, null);
        }

        using var pin = Attachments.Pin(request.SessionId);
        AdvanceFloor(request.SessionId, request.Order);
        await TrimLedgerAsync();
        CheckNewRequest(request);
        Metrics.Requested(Primitive, Name);
        await ListAsync();
        var fits = await FitsNowAsync(request);
        if (!fits && S.Waiters.Count >= Limits.MaxWaiters)
        {
            throw new CoordinationLimitExceededException($"{Primitive} '{Name}'", nameof(CoordResourceLimits.MaxWaiters), Limits.MaxWaiters);
        }

        await EnsureRequesterAsync(request);
        if (fits)
        {
            return (new(Grant(request), false), null);
        }

        S.Waiters.Add(request);
        if (S.Waiters.Count <= LeaseQueueState.StoredWaiters)
        {
            Commits.ChangedLazily();
        }

        return (new(null, true), HeldAnswers.Hold(request.RequestId, ahead: S.Waiters.Count - 1));
    }

    /// <summary>
    /// Releases grant <paramref name="token"/> of the session; false when it does not hold it (any more). The release
    /// raises the session's floor with its <paramref name="order"/>, and is remembered (a copy gets its answer) until a
    /// later floor passes it; its grant's request is spent unless the floor has passed that already. A copy of a release
    /// whose answer is forgotten finds no grant with its token and is answered false: the client has its answer.
    /// </summary>
    protected async Task<bool> ReleaseInTurnAsync(Guid sessionId, Guid requestId, RequestOrder order, long token)
    {
        if (S.Ledger.TryGetAnswer(sessionId, requestId, out var answer))
        {
            return answer != 0;
        }

        if (HolderOf(sessionId, token) is not { } lease)
        {
            return false;
        }

        await EndAsync(lease, LeaseChange.Released, tellHolder: false);
        S.Ledger.Released(sessionId, requestId, order, lease.RequestId, lease.Sequence);
        return true;
    }

    /// <summary>Whether the session holds grant <paramref name="token"/> and is alive, asking its session grain now.</summary>
    protected async Task<bool> IsHolderAsync(Guid sessionId, long token) =>
        HolderOf(sessionId, token) is not null && await Liveness.IsAliveNowAsync(sessionId);

    /// <summary>
    /// Ends every grant, but those of <paramref name="callerSessionId"/>, whose session is dead (as expired) or whose
    /// condition no longer holds (as lapsed), granting the next requests; returns whether any ended. With
    /// <paramref name="askNow"/> each session grain is asked now (no recent answer is reused); with
    /// <paramref name="assumeOnError"/> a grant that cannot be checked is kept, else the error is thrown.
    /// </summary>
    protected async Task<bool> ClearLapsedHoldersAsync(Guid? callerSessionId, bool askNow, bool assumeOnError)
    {
        var ended = false;
        foreach (var lease in S.Holders.Where(h => h.SessionId != callerSessionId).ToArray())
        {
            var alive = await (askNow ? Liveness.IsAliveNowAsync(lease.SessionId, assumeOnError) : Liveness.IsAliveAsync(lease.SessionId, assumeOnError));
            if (S.Holders.Contains(lease) && (!alive || !await IsEligibleAsync(lease, assumeOnError)))
            {
                var change = alive ? LeaseChange.Lapsed : LeaseChange.Expired;
                LogHolderEnded(Name, lease.MemberId, lease.Token, Reason(change));
                await EndAsync(lease, change, tellHolder: true);
                ended = true;
            }
        }

        return ended;
    }

    /// <summary>Ends <paramref name="lease"/> and grants the requests that fit then; persisted with the next write.</summary>
    protected async Task EndAsync(Lease lease, LeaseChange change, bool tellHolder)
    {
        S.Holders.Remove(lease);
        AddEvent(change, lease);
        if (tellHolder && lease.Observer is { } observer)
        {
            var (grain, reason) = (this.GetGrainId(), Reason(change));
            Commits.AfterWrite(() => observer.Lost(grain, lease.RequestId, lease.Token, reason));
        }

        if (change == LeaseChange.Expired && DelayAfterExpiry > TimeSpan.Zero)
        {
            // Chubby's lock-delay: the expired holder may still be running; nothing is granted until it has passed.
            S.DelayedUntil = clock.GetUtcNow() + DelayAfterExpiry;
            ScheduleEndOfDelay(S.DelayedUntil.Value);
        }

        await GrantWaitersAsync();
        OnGrantsChanged();
    }

    protected void AddEvent(LeaseChange change, Lease lease)
    {
        var now = clock.GetUtcNow();
        if (change is not (LeaseChange.Granted or LeaseChange.Updated))
        {
            Metrics.Ended(Primitive, Name, change, now - lease.GrantedAt);
        }

        Events.Add(Commits, ToEvent(change, lease, ++S.Version, now));
    }

    /// <summary>
    /// Puts the name on the directory of names in use, once per activation, before the first request it takes is
    /// answered (so a held or awaited name is always listed); it comes off when a free activation deactivates.
    /// </summary>
    private async Task ListAsync()
    {
        if (!_listed)
        {
            await NameDirectory.Of(GrainFactory, Primitive, Name).AddAsync(Name);
            _listed = true;
        }
    }

    private SessionLiveness Liveness => _liveness ??= new(GrainFactory, clock, logger, this.GetGrainId());

    private SessionAttachments Attachments => _attachments ??= new(GrainFactory, this.GetGrainId());

    private HeldAnswers HeldAnswers => _heldAnswers ??= new();

    private LedgerTrimmer Trimmer => _trimmer ??= new(GrainFactory, logger, this.GetGrainId());

    /// <summary>Whether the session holds a grant or waits in <paramref name="state"/>.</summary>
    private static bool Involves(LeaseQueueState state, Guid sessionId) =>
        state.Holders.Exists(h => h.SessionId == sessionId) || state.Waiters.Exists(w => w.SessionId == sessionId);

    /// <summary>
    /// Raises the session's floor with a new request's (<see cref="RequestOrder.Floor"/>): the requests below it have
    /// ended at the client, and the ledger forgets them. It asks for no write of its own and goes with the grain's next
    /// one: lost in a crash, the floor falls back together with the spent requests it had forgotten, and every request
    /// that ended without a record here was refused by the only copy sent (docs/design.md, "The request ledger").
    /// </summary>
    private void AdvanceFloor(Guid sessionId, RequestOrder order) => S.Ledger.Advance(sessionId, order.Floor);

    /// <summary>Drops the ledger entries of dead sessions that have nothing here, once the ledger has grown (see <see cref="LedgerTrimmer"/>).</summary>
    private async Task TrimLedgerAsync()
    {
        if (await Trimmer.TrimAsync(S.Ledger, id => Involves(S, id)))
        {
            Commits.ChangedLazily();
        }
    }

    private Lease? Find(Guid requestId)
    {
        foreach (var lease in S.Holders)
        {
            if (lease.RequestId == requestId)
            {
                return lease;
            }
        }

        return null;
    }

    private Lease? HolderOf(Guid sessionId, long token)
    {
        foreach (var lease in S.Holders)
        {
            if (lease.SessionId == sessionId && lease.Token == token)
            {
                return lease;
            }
        }

        return null;
    }

    private bool Fits(int permits) =>
        (S.DelayedUntil is not { } until || clock.GetUtcNow() >= until)
        && (S.Holders.Count == 0 || S.Holders.Sum(h => (long)h.Permits) + permits <= Capacity);

    /// <summary>Whether the request can be granted now, after ending the grants that lapsed meanwhile if it cannot.</summary>
    private async Task<bool> FitsNowAsync(LeaseRequest request) =>
        (S.Waiters.Count == 0 && Fits(request.Permits))
        || (await ClearLapsedHoldersAsync(request.SessionId, askNow: false, assumeOnError: true) && S.Waiters.Count == 0 && Fits(request.Permits));

    /// <summary>
    /// Makes sure the requesting session records this grain and is alive, inside a body that pinned it. A session not
    /// yet confirmed in this activation is asked to record the grain, which also proves it alive; a confirmed one is
    /// asked whether it is alive (a recent answer is reused). Either way its end reaches this grain after this call
    /// (calls run one at a time), so no grant or queue entry can outlive the session.
    /// </summary>
    private async Task EnsureRequesterAsync(LeaseRequest request)
    {
        if (!Attachments.IsConfirmed(request.SessionId))
        {
            var asked = clock.GetTimestamp();
            await Attachments.ConfirmAsync(request.SessionId);
            Liveness.SeenAlive(request.SessionId, asked);
        }
        else if (!await Liveness.IsAliveAsync(request.SessionId))
        {
            throw new SessionExpiredException(request.MemberId, request.SessionId);
        }

        if (!await IsEligibleAsync(request, assumeOnError: false))
        {
            throw Ineligible(request);
        }
    }

    private Lease Grant(LeaseRequest request, bool waited = false)
    {
        var lease = Lease.Of(request, ++S.LastToken, clock.GetUtcNow());
        Metrics.Granted(Primitive, Name, waited);
        S.Holders.Add(lease);
        AddEvent(LeaseChange.Granted, lease);
        OnGrantsChanged();
        return lease;
    }

    /// <summary>Grants, in order, every request at the head of the queue that fits now.</summary>
    private async Task GrantWaitersAsync()
    {
        while (S.Waiters.Count > 0 && Fits(S.Waiters[0].Permits))
        {
            var next = S.Waiters[0];
            // Out of the queue and not yet granted across the awaits below: the session must not be detached meanwhile.
            using var pin = Attachments.Pin(next.SessionId);
            S.Waiters.RemoveAt(0);
            Commits.Changed();
            // A dead waiter's release is on its way, and a waiter whose condition no longer holds asks again and is refused.
            // When they cannot be checked, grant anyway: a dead session's release follows and passes the grant on.
            if (!await Liveness.IsAliveAsync(next.SessionId, assumeAliveOnError: true) || !await IsEligibleAsync(next, assumeOnError: true))
            {
                LogSkippedWaiter(Name, next.MemberId, next.SessionId);
                continue;
            }

            var lease = Grant(next, waited: true);
            if (next.Observer is { } observer)
            {
                var grain = this.GetGrainId();
                Commits.AfterWrite(() => HeldAnswers.TryAnswer(next.RequestId, lease) ? Task.CompletedTask : observer.Granted(grain, next.RequestId, lease.Token));
            }
        }
    }

    private async Task<bool> WithdrawInTurnAsync(Guid sessionId, Guid requestId, RequestOrder order)
    {
        HeldAnswers.Release(requestId);
        // Recorded even for a request not known here: a copy of it that arrives later must grant and queue nothing. A
        // known request is recorded with its own number (a give-back of a pushed grant does not know it).
        var sequence = Find(requestId)?.Sequence ?? S.Waiters.Find(w => w.RequestId == requestId)?.Order.Sequence ?? order.Sequence;
        if (S.Ledger.Advance(sessionId, order.Floor) | S.Ledger.Spend(sessionId, requestId, sequence))
        {
            Commits.Changed();
        }

        if (S.Waiters.RemoveAll(w => w.RequestId == requestId) > 0)
        {
            // The head may have been what blocked those behind it.
            Commits.Changed();
            await GrantWaitersAsync();
            return true;
        }

        if (Find(requestId) is not { } lease)
        {
            return false;
        }

        // Granted while the client gave up: end it so that no orphan grant remains.
        await EndAsync(lease, LeaseChange.Withdrawn, tellHolder: false);
        return true;
    }

    private async Task ReleaseSessionInTurnAsync(Guid sessionId, SessionEndReason reason)
    {
        Liveness.Forget(sessionId);
        Attachments.Forget(sessionId);
        // Eager like every release: were this lost in a crash, the ended session's entries would stay forever.
        if (S.Ledger.Forget(sessionId) | S.Waiters.RemoveAll(w => w.SessionId == sessionId) > 0)
        {
            Commits.Changed();
        }

        foreach (var lease in S.Holders.Where(h => h.SessionId == sessionId).ToArray())
        {
            await EndAsync(lease, reason == SessionEndReason.Expired ? LeaseChange.Expired : LeaseChange.Stopped, tellHolder: true);
        }

        await GrantWaitersAsync();
        LogSessionReleased(Name, sessionId, reason);
    }

    private void ScheduleEndOfDelay(DateTimeOffset until)
    {
        _delayTimer?.Dispose();
        var due = until - clock.GetUtcNow();
        _delayTimer = this.RegisterGrainTimer(
            _ => Commits.RunAsync(async () =>
            {
                if (S.DelayedUntil is { } delayed && clock.GetUtcNow() < delayed)
                {
                    ScheduleEndOfDelay(delayed);
                    return;
                }

                _delayTimer?.Dispose();
                S.DelayedUntil = null;
                Commits.Changed();
                await GrantWaitersAsync();
            }),
            new GrainTimerCreationOptions(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name}: listing the name in use on the directory failed; the first request retries")]
    private partial void LogListFailed(Exception ex, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Name}: taking the free name off the directory failed; the next activation retries")]
    private partial void LogUnlistFailed(Exception ex, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Name}: session {SessionId} ended ({Reason}); its grants and requests are released")]
    private partial void LogSessionReleased(string name, Guid sessionId, SessionEndReason reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Name}: skipped the request of {MemberId} (session {SessionId}): its session is no longer alive or its condition no longer holds")]
    private partial void LogSkippedWaiter(string name, string memberId, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: the grant of {MemberId} (token {Token}) ended: {Reason}")]
    private partial void LogHolderEnded(string name, string memberId, long token, string reason);
}
