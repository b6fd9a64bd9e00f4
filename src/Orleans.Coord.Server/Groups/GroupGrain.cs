using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Coord.Grains;
using Orleans.Coord.Groups;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Server.Internal;
using Orleans.Coord.Server.Telemetry;
using Orleans.Coord.Sessions;
using Orleans.Coord.Validation;
using Orleans.Coord.Watching;
using Orleans.Runtime;

namespace Orleans.Coord.Server.Groups;

/// <summary>
/// The authoritative state of one group. Each change is persisted with the grain's ETag, then answered, then pushed
/// to the registered watchers and published on the group's stream with the new version. Calls run one at a time, but
/// the joins and leaves that arrive while a write is in flight share the next write (<see cref="CommitPipeline{TState}"/>).
/// A session joins only once it records this group (<see cref="SessionAttachments"/>), so that its end reaches the
/// group; a session with no member here may stop recording it (<see cref="TryDetachAsync"/>).
/// </summary>
[Reentrant]
internal sealed partial class GroupGrain(
    [PersistentState("group", ReadCheckedGrainStorage.Name)] IPersistentState<GroupState> state,
    ILogger<GroupGrain> logger,
    TimeProvider clock) : Grain, IGroupGrain, ILiveGroup
{
    private ServerInstruments? _metrics;
    private CommitPipeline<GroupState>? _pipeline;
    private int _members;
    private GrainEvents<GroupEvent>? _events;
    private CoordResourceLimits? _limits;
    private string? _name;
    private SessionAttachments? _attachments;
    private LedgerTrimmer? _trimmer;

    private CommitPipeline<GroupState> Commits => _pipeline ??= new(state, this, GroupState.Copy, logger)
    {
        AfterEachBody = s => _members = s.Members.Count,
    };

    private GroupState S => Commits.State;

    /// <summary>The group's name (the grain's key), read from the grain id once per activation.</summary>
    public string Name => _name ??= this.GetPrimaryKeyString();

    int ILiveGroup.MemberCount => _members;

    private ServerInstruments Metrics => _metrics ??= ServiceProvider.GetRequiredService<ServerInstruments>();

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Metrics.Groups.Remove(this);
        return Task.CompletedTask;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Guard.Name(Name, "group");
        _members = S.Members.Count;
        Metrics.Groups.Add(this);
        if (S.Exists)
        {
            // Self-heal the directory in case the activation that created the group died before indexing it.
            await Directory.AddAsync(Name);
        }
    }

    public Task<long> GetRevisionAsync() => Commits.RunAsync(() => Task.FromResult(S.Revision));

    public Task<bool> CreateAsync(Guid requestId, long revision) => SetExistsAsync(requestId, revision, exists: true);

    public Task<bool> DeleteAsync(Guid requestId, long revision) => SetExistsAsync(requestId, revision, exists: false);

    /// <summary>
    /// Creates (<paramref name="exists"/>) or deletes the group for a request decided on <paramref name="revision"/>:
    /// a copy of a request applied before answers true, a group in the wrong state throws, a moved revision answers
    /// false and changes nothing. Persisted before it is answered, then (also for a copy: the first may have been cut
    /// off between its write and the index) the directory follows.
    /// </summary>
    private Task<bool> SetExistsAsync(Guid requestId, long revision, bool exists) => Commits.RunAsync(async () =>
    {
        if (!S.Ledger.IsAdministrativeSpent(requestId))
        {
            if (exists && S.Exists)
            {
                throw new GroupAlreadyExistsException(Name);
            }

            if (!exists)
            {
                EnsureExists();
                if (S.Members.Count > 0)
                {
                    throw new GroupNotEmptyException(Name, S.Members.Count);
                }
            }

            if (revision != S.Revision)
            {
                return false;
            }

            S.Exists = exists;
            S.Lifecycle++;
            S.Ledger.SpendAdministrative(requestId, S.Revision);
            await Commits.PersistNowAsync();
        }

        if (S.Exists == exists)
        {
            await (exists ? Directory.AddAsync(Name) : Directory.RemoveAsync(Name));
        }

        return true;
    });

    public Task<long> JoinAsync(Guid sessionId, Guid requestId, RequestOrder order, string memberId, byte[] capabilities, bool createIfMissing) =>
        Commits.RunAsync(() => JoinInTurnAsync(sessionId, requestId, order, memberId, capabilities, createIfMissing));

    public Task<long> LeaveAsync(Guid sessionId, Guid requestId, RequestOrder order, string memberId) =>
        Commits.RunAsync(() => Task.FromResult(Leave(sessionId, requestId, order, memberId)));

    public Task<long> UpdateCapabilitiesAsync(Guid sessionId, Guid requestId, RequestOrder order, string memberId, byte[] capabilities) =>
        Commits.RunAsync(() => Task.FromResult(UpdateCapabilities(sessionId, requestId, order, memberId, capabilities)));

    public Task ReleaseSessionAsync(Guid sessionId, SessionEndReason reason) =>
        Commits.RunAsync(() =>
        {
            Attachments.Forget(sessionId);
            ReleaseSession(sessionId, reason);
            return Task.CompletedTask;
        });

    /// <summary>Runs outside the turn of the bodies (it may run while a body awaits the session itself); reads only.</summary>
    public Task<bool> TryDetachAsync(Guid sessionId) =>
        Task.FromResult(Attachments.TryDetach(sessionId, Commits.MayBeStored(s => Involves(s, sessionId))));

    private async Task<long> JoinInTurnAsync(Guid sessionId, Guid requestId, RequestOrder order, string memberId, byte[] capabilities, bool createIfMissing)
    {
        Guard.Name(memberId, nameof(memberId));
        Guard.Payload(capabilities, nameof(capabilities));
        var repeated = S.Ledger.TryGetAnswer(sessionId, requestId, out var answer);
        if (repeated || S.Ledger.IsSpent(sessionId, requestId, order))
        {
            // A repeat of the session's last join gets its answer; a late copy of a join whose member has moved on since
            // (left, or updated its capabilities), or of a join the session has given up on, changes nothing. The first copy may have created the group and been
            // cut off before indexing it: index it (again).
            if (S.Exists)
            {
                await Directory.AddAsync(Name);
            }

            return repeated ? answer : Version;
        }

        if (!S.Exists && !createIfMissing)
        {
            throw new GroupNotFoundException(Name);
        }

        using var pin = Attachments.Pin(sessionId);
        if (await Trimmer.TrimAsync(S.Ledger, id => Involves(S, id)))
        {
            Commits.ChangedLazily();
        }

        if (S.Members.TryGetValue(memberId, out var existing))
        {
            // The same id through a dead session whose release has not arrived yet is released now.
            if (existing.SessionId == sessionId || await Session(existing.SessionId).IsAliveAsync())
            {
                throw new MemberAlreadyJoinedException(Name, memberId);
            }

            ReleaseSession(existing.SessionId, SessionEndReason.Expired);
        }

        if (!S.Members.ContainsKey(memberId) && S.Members.Count >= Limits.MaxMembers)
        {
            throw new CoordinationLimitExceededException($"group '{Name}'", nameof(CoordResourceLimits.MaxMembers), Limits.MaxMembers);
        }

        // The session records this grain (asked now when this activation has not confirmed it yet, which also proves
        // it alive) and is alive: its end will reach this grain after this call (calls to this grain run one at a
        // time), so no membership can outlive the session.
        if (!Attachments.IsConfirmed(sessionId))
        {
            await Attachments.ConfirmAsync(sessionId);
        }
        else if (!await Session(sessionId).IsAliveAsync())
        {
            throw new SessionExpiredException(memberId, sessionId);
        }

        var created = !S.Exists;
        var now = clock.GetUtcNow();
        S.Exists = true;
        S.Members[memberId] = new GroupMember(memberId, capabilities, now, now, sessionId);
        var version = ++S.Version;
        S.Ledger.Applied(sessionId, requestId, order, version);
        AddEvent(new GroupEvent(Name, memberId, GroupEventKind.Joined, "join", version, now, capabilities));
        if (created)
        {
            // Indexed only once the group is persisted, so that the directory never lists a group that is not there.
            await Commits.PersistNowAsync();
            await Directory.AddAsync(Name);
        }

        return version;
    }

    private long Leave(Guid sessionId, Guid requestId, RequestOrder order, string memberId)
    {
        Guard.Name(memberId, nameof(memberId));
        if (S.Ledger.AnswerOfSettled(sessionId, requestId, order, Version) is { } known)
        {
            return known;
        }

        EnsureExists();
        if (!S.Members.TryGetValue(memberId, out var member) || member.SessionId != sessionId)
        {
            throw new MemberNotJoinedException(Name, memberId);
        }

        S.Members.Remove(memberId);
        var version = ++S.Version;
        S.Ledger.Applied(sessionId, requestId, order, version);
        AddEvent(new GroupEvent(Name, memberId, GroupEventKind.Left, "leave", version, clock.GetUtcNow(), []));
        return version;
    }

    private long UpdateCapabilities(Guid sessionId, Guid requestId, RequestOrder order, string memberId, byte[] capabilities)
    {
        Guard.Name(memberId, nameof(memberId));
        Guard.Payload(capabilities, nameof(capabilities));
        if (S.Ledger.AnswerOfSettled(sessionId, requestId, order, Version) is { } known)
        {
            return known;
        }

        EnsureExists();
        if (!S.Members.TryGetValue(memberId, out var member) || member.SessionId != sessionId)
        {
            throw new MemberNotJoinedException(Name, memberId);
        }

        var now = clock.GetUtcNow();
        S.Members[memberId] = member with { Capabilities = capabilities, UpdatedAt = now };
        var version = ++S.Version;
        S.Ledger.Applied(sessionId, requestId, order, version);
        AddEvent(new GroupEvent(Name, memberId, GroupEventKind.CapabilitiesUpdated, "update", version, now, capabilities));
        return version;
    }

    private void ReleaseSession(Guid sessionId, SessionEndReason reason)
    {
        if (S.Ledger.Forget(sessionId))
        {
            Commits.Changed();
        }

        var leaving = S.Members.Values.Where(m => m.SessionId == sessionId).Select(m => m.MemberId).Order(StringComparer.Ordinal).ToArray();
        if (leaving.Length == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var memberId in leaving)
        {
            S.Members.Remove(memberId);
            var version = ++S.Version;
            AddEvent(reason == SessionEndReason.Expired
                ? new GroupEvent(Name, memberId, GroupEventKind.Expired, "session expired", version, now, [])
                : new GroupEvent(Name, memberId, GroupEventKind.Left, "session stopped", version, now, []));
        }

        LogReleased(Name, sessionId, reason, leaving.Length);
    }

    public Task<GroupSnapshot> GetSnapshotAsync() => Commits.RunAsync(() =>
    {
        EnsureExists();
        return Task.FromResult(Snapshot());
    });

    public Task<GroupMember> GetMemberAsync(string memberId) => Commits.RunAsync(() =>
    {
        Guard.Name(memberId, nameof(memberId));
        EnsureExists();
        return S.Members.TryGetValue(memberId, out var member)
            ? Task.FromResult(member)
            : throw new MemberNotJoinedException(Name, memberId);
    });

    public Task<bool> IsMemberUpAsync(string memberId) => Commits.RunAsync(() =>
    {
        Guard.Name(memberId, nameof(memberId));
        return Task.FromResult(S.Exists && S.Members.ContainsKey(memberId));
    });

    public Task<long> GetVersionAsync() => Commits.RunAsync(() => Task.FromResult(Version));

    public Task<long> WatchAsync(ICoordEventObserver<GroupEvent> watcher, TimeSpan lease) =>
        Commits.RunAsync(() => Task.FromResult(Events.Watch(watcher, lease, Version)));

    public Task UnwatchAsync(ICoordEventObserver<GroupEvent> watcher) => Events.Unwatch(watcher);

    private long Version => S.Exists ? S.Version : -1;

    private GroupSnapshot Snapshot() =>
        new(Name, S.Version, S.Members.Values.OrderBy(m => m.MemberId, StringComparer.Ordinal).ToArray());

    private void EnsureExists()
    {
        if (!S.Exists)
        {
            throw new GroupNotFoundException(Name);
        }
    }

    private INameDirectoryGrain Directory => NameDirectory.Of(GrainFactory, NameDirectory.Groups, Name);

    private ISessionGrain Session(Guid sessionId) => GrainFactory.Reference<ISessionGrain>(sessionId);

    private SessionAttachments Attachments => _attachments ??= new(GrainFactory, this.GetGrainId());

    private LedgerTrimmer Trimmer => _trimmer ??= new(GrainFactory, logger, this.GetGrainId());

    /// <summary>Whether a member joined through the session in <paramref name="state"/>.</summary>
    private static bool Involves(GroupState state, Guid sessionId) => state.Members.Values.Any(m => m.SessionId == sessionId);

    /// <summary>Records a change's event: pushed to the watchers and published after the write that persists it.</summary>
    private void AddEvent(GroupEvent e)
    {
        switch (e.Kind)
        {
            case GroupEventKind.Joined:
                Metrics.MemberJoined(Name);
                break;
            case GroupEventKind.Left or GroupEventKind.Expired:
                Metrics.MemberLeft(Name, expired: e.Kind == GroupEventKind.Expired);
                break;
        }

        Events.Add(Commits, e);
    }

    private GrainEvents<GroupEvent> Events => _events ??= new(this, CoordConstants.GroupStreamNamespace, $"group '{Name}'", Limits.MaxWatches, clock, logger);

    private CoordResourceLimits Limits => _limits ??= ServiceProvider.GetRequiredService<IOptions<CoordResourceLimits>>().Value;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Group {Group}: released {Count} member(s) of session {SessionId} ({Reason})")]
    private partial void LogReleased(string group, Guid sessionId, SessionEndReason reason, int count);
}
