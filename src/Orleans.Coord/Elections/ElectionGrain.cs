using Microsoft.Extensions.Logging;
using Orleans.Coord.Grains;
using Orleans.Coord.Internal;
using Orleans.Coord.Locks;
using Orleans.Coord.Sessions;
using Orleans.Coord.Validation;
using Orleans.Runtime;
using Orleans.Coord.Watching;

namespace Orleans.Coord.Elections;

/// <summary>
/// The authoritative state of one election, built like the exclusive lock: candidacies wait in a FIFO queue, the
/// leadership is the grant and the term its fencing token. Each change is persisted with the grain's ETag, then
/// answered, then pushed to the observers concerned and published on the election's stream. A resignation or a lost
/// leader hands the leadership to the next live candidate in the same turn and the same write.
/// Group-tied candidacies: a candidate must be a member of the group through its own session when it campaigns and
/// when it is elected; while a group-tied leader leads, a grain timer checks its membership every
/// <see cref="GroupCheckPeriod"/> and removes the leadership ("left group") once the member is gone.
/// </summary>
internal sealed partial class ElectionGrain(
    [PersistentState("election", CoordConstants.StorageName)] IPersistentState<ElectionState> state,
    ILogger<ElectionGrain> logger,
    TimeProvider clock) : Grain, IElectionGrain
{
    /// <summary>How often a group-tied leader's membership is checked.</summary>
    internal static readonly TimeSpan GroupCheckPeriod = TimeSpan.FromMilliseconds(500);

    private readonly List<ElectionEvent> _events = [];
    private readonly List<Func<Task>> _pushes = [];
    private readonly EventWatchers<ElectionEvent> _watchers = new(clock, logger);
    private OrderedStreamPublisher<ElectionEvent>? _stream;
    private IGrainTimer? _groupTimer;

    private ElectionState S => state.State;

    private string Name => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Guard.Name(Name, "election");
        UpdateGroupTimer();
        return Task.CompletedTask;
    }

    public async Task<LockGrant?> TryCampaignAsync(Guid sessionId, string memberId, Guid requestId, byte[] value, string? group, ILockWaiter? observer)
    {
        Validate(memberId, value, group);
        await ClearLostLeaderAsync(sessionId);
        if (S.Leader is { } leader)
        {
            return leader.RequestId == requestId ? Grant(leader) : null;
        }

        if (S.Resigned.Ended(sessionId, requestId))
        {
            // A late copy of a campaign whose leadership has already ended: electing it would leave a leader nobody resigns.
            return null;
        }

        if (S.Candidates.Count > 0)
        {
            // Waiting candidates come first; a try never jumps the queue.
            return null;
        }

        await EnsureEligibleAsync(sessionId, memberId, group);
        var elected = Elect(requestId, sessionId, memberId, value, group, observer);
        await CommitAsync();
        return Grant(elected);
    }

    public async Task<LockRequestStatus> CampaignAsync(Guid sessionId, string memberId, Guid requestId, byte[] value, string? group, ILockWaiter observer)
    {
        Validate(memberId, value, group);
        ArgumentNullException.ThrowIfNull(observer);
        var known = Status(requestId);
        if (known.State != LockRequestState.Unknown || S.Resigned.Ended(sessionId, requestId))
        {
            // Unknown for a late copy of a campaign that has ended: it is neither elected nor queued again.
            return known;
        }

        await ClearLostLeaderAsync(sessionId);
        await EnsureEligibleAsync(sessionId, memberId, group);
        if (S.Leader is null && S.Candidates.Count == 0)
        {
            var elected = Elect(requestId, sessionId, memberId, value, group, observer);
            await CommitAsync();
            return LockRequestStatus.Granted(elected.Term);
        }

        S.Candidates.Add(new ElectionCandidate(requestId, sessionId, memberId, value, group, observer));
        await CommitAsync();
        return LockRequestStatus.Queued;
    }

    public Task<LockRequestStatus> GetRequestStatusAsync(Guid requestId) => Task.FromResult(Status(requestId));

    public async Task<bool> CancelCampaignAsync(Guid requestId)
    {
        var index = S.Candidates.FindIndex(c => c.RequestId == requestId);
        if (index >= 0)
        {
            S.Resigned.RecordEnded(S.Candidates[index].SessionId, requestId);
            S.Candidates.RemoveAt(index);
            await CommitAsync();
            return true;
        }

        if (S.Leader?.RequestId == requestId)
        {
            // Elected while the client gave up: resign so that no orphan leadership remains.
            S.Resigned.RecordEnded(S.Leader.SessionId, requestId);
            await EndLeadershipAsync(ElectionEventKind.Resigned, "cancelled", tellLeader: false);
            await CommitAsync();
            return true;
        }

        return false;
    }

    public async Task<bool> ResignAsync(Guid sessionId, long term)
    {
        if (S.Leader is not { } leader || leader.SessionId != sessionId || leader.Term != term)
        {
            return S.Resigned.Includes(sessionId, term);
        }

        await EndLeadershipAsync(ElectionEventKind.Resigned, "resign", tellLeader: false);
        S.Resigned.Record(sessionId, term, leader.RequestId);
        await CommitAsync();
        return true;
    }

    public async Task<long> ProclaimAsync(Guid sessionId, string memberId, long term, byte[] value)
    {
        Guard.Name(memberId, nameof(memberId));
        ArgumentNullException.ThrowIfNull(value);
        Guard.Payload(value.Length, nameof(value));
        if (S.Leader is not { } leader || leader.SessionId != sessionId || leader.Term != term)
        {
            throw new NotLeaderException(Name, memberId, term);
        }

        S.Leader = leader with { Value = value };
        AddEvent(ElectionEventKind.ValueChanged, "proclaim", S.Leader);
        await CommitAsync();
        return S.Version;
    }

    public async Task<ElectionLeader?> GetLeaderAsync()
    {
        // Each pass removes one leader whose session is dead (or who left its group); a newly elected leader's
        // session was alive when it was elected, so this ends quickly.
        while (S.Leader is { } leader)
        {
            if (!await IsAliveAsync(leader.SessionId))
            {
                await EndLeadershipAsync(ElectionEventKind.Expired, "session expired", tellLeader: true);
                await CommitAsync();
                continue;
            }

            if (leader.Group is { } group && !await IsMemberAsync(group, leader.MemberId, leader.SessionId))
            {
                await EndLeadershipAsync(ElectionEventKind.Lost, "left group", tellLeader: true);
                await CommitAsync();
                continue;
            }

            return Leader(leader);
        }

        return null;
    }

    public Task<ElectionSnapshot> GetSnapshotAsync() =>
        Task.FromResult(new ElectionSnapshot(Name, S.Version, S.Leader is { } leader ? Leader(leader) : null, S.LastTerm, S.Candidates.Count));

    public Task<long> GetVersionAsync() => Task.FromResult(S.Version);

    public Task<long> WatchAsync(ICoordEventObserver<ElectionEvent> watcher, TimeSpan lease) => _watchers.Watch(watcher, lease, GetVersionAsync);

    public Task UnwatchAsync(ICoordEventObserver<ElectionEvent> watcher) => _watchers.Unwatch(watcher);

    public async Task ReleaseSessionAsync(Guid sessionId, SessionEndReason reason)
    {
        var forgotten = S.Resigned.Forget(sessionId);
        var removed = S.Candidates.RemoveAll(c => c.SessionId == sessionId);
        var led = S.Leader?.SessionId == sessionId;
        if (removed == 0 && !led)
        {
            if (forgotten)
            {
                await CommitAsync();
            }

            return;
        }

        if (led)
        {
            await EndLeadershipAsync(
                reason == SessionEndReason.Expired ? ElectionEventKind.Expired : ElectionEventKind.Lost,
                reason == SessionEndReason.Expired ? "session expired" : "session stopped",
                tellLeader: true);
        }

        await CommitAsync();
        LogSessionReleased(Name, sessionId, reason, led, removed);
    }

    private static void Validate(string memberId, byte[] value, string? group)
    {
        Guard.Name(memberId, nameof(memberId));
        ArgumentNullException.ThrowIfNull(value);
        Guard.Payload(value.Length, nameof(value));
        if (group is not null)
        {
            Guard.Name(group, nameof(group));
        }
    }

    private LockRequestStatus Status(Guid requestId)
    {
        if (S.Leader?.RequestId == requestId)
        {
            return LockRequestStatus.Granted(S.Leader.Term);
        }

        return S.Candidates.Exists(c => c.RequestId == requestId) ? LockRequestStatus.Queued : LockRequestStatus.Unknown;
    }

    /// <summary>
    /// A leader whose session is dead but whose release has not arrived yet is removed now (as expired), so that a live
    /// candidate is not refused because of it; likewise a group-tied leader that left its group.
    /// </summary>
    private async Task ClearLostLeaderAsync(Guid callerSessionId)
    {
        if (S.Leader is not { } leader || leader.SessionId == callerSessionId)
        {
            return;
        }

        if (!await IsAliveAsync(leader.SessionId, assumeOnError: true))
        {
            await EndLeadershipAsync(ElectionEventKind.Expired, "session expired", tellLeader: true);
            await CommitAsync();
        }
        else if (leader.Group is { } group && !await IsMemberAsync(group, leader.MemberId, leader.SessionId, assumeOnError: true))
        {
            await EndLeadershipAsync(ElectionEventKind.Lost, "left group", tellLeader: true);
            await CommitAsync();
        }
    }

    private async Task EnsureEligibleAsync(Guid sessionId, string memberId, string? group)
    {
        // The session attached this grain before calling: while it is alive here, its end reaches this grain after
        // this call completes (this grain does not interleave), so no candidacy can outlive the session.
        if (!await IsAliveAsync(sessionId))
        {
            throw new SessionExpiredException(memberId, sessionId);
        }

        if (group is not null && !await IsMemberAsync(group, memberId, sessionId))
        {
            throw new MemberNotJoinedException(group, memberId);
        }
    }

    private ElectionLeadership Elect(Guid requestId, Guid sessionId, string memberId, byte[] value, string? group, ILockWaiter? observer)
    {
        // The new term lives only in memory until the caller's CommitAsync persists it; nobody is told before that.
        var leader = new ElectionLeadership(requestId, sessionId, memberId, value, group, ++S.LastTerm, clock.GetUtcNow(), observer);
        S.Leader = leader;
        AddEvent(ElectionEventKind.Elected, "campaign", leader);
        UpdateGroupTimer();
        return leader;
    }

    /// <summary>Ends the current leadership in memory and elects the next eligible candidate; the caller commits.</summary>
    private async Task EndLeadershipAsync(ElectionEventKind kind, string reason, bool tellLeader)
    {
        var old = S.Leader!;
        S.Leader = null;
        AddEvent(kind, reason, old);
        if (tellLeader && old.Observer is { } leaderObserver)
        {
            _pushes.Add(() => leaderObserver.Lost(this.GetGrainId(), old.Term, reason));
        }

        while (S.Candidates.Count > 0)
        {
            var next = S.Candidates[0];
            S.Candidates.RemoveAt(0);
            // A dead candidate's release is on its way; skipping it now keeps the election from idling until then.
            // When the session (or group) grain cannot be asked, elect anyway: a later release passes the leadership on.
            if (!await IsAliveAsync(next.SessionId, assumeOnError: true))
            {
                LogSkipped(Name, next.MemberId, "its session is no longer alive");
                continue;
            }

            if (next.Group is { } group && !await IsMemberAsync(group, next.MemberId, next.SessionId, assumeOnError: true))
            {
                // The client's status re-check finds the candidacy unknown, campaigns again and is refused with MemberNotJoinedException.
                LogSkipped(Name, next.MemberId, $"it is no longer a member of group '{group}'");
                continue;
            }

            var elected = Elect(next.RequestId, next.SessionId, next.MemberId, next.Value, next.Group, next.Observer);
            _pushes.Add(() => next.Observer.Granted(this.GetGrainId(), next.RequestId, elected.Term));
            break;
        }

        UpdateGroupTimer();
    }

    /// <summary>Runs the membership check timer exactly while a group-tied leader leads.</summary>
    private void UpdateGroupTimer()
    {
        if (S.Leader?.Group is not null)
        {
            _groupTimer ??= this.RegisterGrainTimer(CheckGroupLeaderAsync, new GrainTimerCreationOptions(GroupCheckPeriod, GroupCheckPeriod) { KeepAlive = true });
        }
        else if (_groupTimer is not null)
        {
            _groupTimer.Dispose();
            _groupTimer = null;
        }
    }

    private async Task CheckGroupLeaderAsync(CancellationToken cancellationToken)
    {
        if (S.Leader is { Group: { } group } leader && !await IsMemberAsync(group, leader.MemberId, leader.SessionId, assumeOnError: true))
        {
            LogLeftGroup(Name, leader.MemberId, group, leader.Term);
            await EndLeadershipAsync(ElectionEventKind.Lost, "left group", tellLeader: true);
            await CommitAsync();
        }

        UpdateGroupTimer();
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

        Publish(events);
    }

    private void AddEvent(ElectionEventKind kind, string reason, ElectionLeadership leader) =>
        _events.Add(new ElectionEvent(Name, leader.MemberId, leader.SessionId, kind, reason, leader.Term, leader.Value, ++S.Version, clock.GetUtcNow()));

    private static LockGrant Grant(ElectionLeadership leader) => new(leader.Term, leader.MemberId, leader.SessionId);

    private ElectionLeader Leader(ElectionLeadership l) => new(Name, l.MemberId, l.SessionId, l.Value, l.Term, l.ElectedAt, l.Group);

    private async Task<bool> IsAliveAsync(Guid sessionId, bool assumeOnError = false)
    {
        try
        {
            return await GrainFactory.GetGrain<ISessionGrain>(sessionId).IsAliveAsync();
        }
        catch (Exception ex) when (assumeOnError)
        {
            LogAlivenessUnknown(ex, Name, sessionId);
            return true;
        }
    }

    /// <summary>Whether <paramref name="memberId"/> is a member of <paramref name="group"/> through <paramref name="sessionId"/>.</summary>
    private async Task<bool> IsMemberAsync(string group, string memberId, Guid sessionId, bool assumeOnError = false)
    {
        try
        {
            var member = await GrainFactory.GetGrain<IGroupGrain>(group).GetMemberAsync(memberId);
            return member.SessionId == sessionId;
        }
        catch (Exception ex) when (ex is GroupNotFoundException or MemberNotJoinedException)
        {
            return false;
        }
        catch (Exception ex) when (assumeOnError)
        {
            LogMembershipUnknown(ex, Name, group, memberId);
            return true;
        }
    }

    /// <summary>Pushes one write's events to the observers now and queues them on the stream (nobody waits for it).</summary>
    private void Publish(ElectionEvent[] events)
    {
        foreach (var e in events)
        {
            _watchers.Push(e);
        }

        // The change is persisted; observers notice a failed publish's missing versions and re-read the snapshot.
        (_stream ??= new(this, CoordConstants.ElectionStreamNamespace, (ex, failed) => LogPublishFailed(ex, Name, failed[0].Version, failed[^1].Version))).Publish(events);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Election {Election}: session {SessionId} ended ({Reason}); led: {Led}, candidacies removed: {Removed}")]
    private partial void LogSessionReleased(string election, Guid sessionId, SessionEndReason reason, bool led, int removed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Election {Election}: skipped candidate {MemberId} because {Why}")]
    private partial void LogSkipped(string election, string memberId, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Election {Election}: leader {MemberId} (term {Term}) left group {Group}; its leadership ends")]
    private partial void LogLeftGroup(string election, string memberId, string group, long term);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Election {Election}: could not ask whether session {SessionId} is alive; assuming it is")]
    private partial void LogAlivenessUnknown(Exception ex, string election, Guid sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Election {Election}: could not ask group {Group} whether {MemberId} is a member; assuming it is")]
    private partial void LogMembershipUnknown(Exception ex, string election, string group, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Election {Election}: a push to a client observer failed; the client's re-check recovers it")]
    private partial void LogPushFailed(Exception ex, string election);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Election {Election}: publishing event versions {First} to {Last} failed; observers will resynchronise")]
    private partial void LogPublishFailed(Exception ex, string election, long first, long last);
}
