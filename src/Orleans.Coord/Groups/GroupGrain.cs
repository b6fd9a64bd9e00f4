using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Coord.Grains;
using Orleans.Coord.Internal;
using Orleans.Coord.Sessions;
using Orleans.Coord.Validation;
using Orleans.Runtime;
using Orleans.Coord.Watching;

namespace Orleans.Coord.Groups;

/// <summary>
/// The authoritative state of one group. Each change is persisted with the grain's ETag, then answered, then pushed
/// to the registered watchers and published on the group's stream with the new version. Calls run one at a time, but
/// the joins and leaves that arrive while a write is in flight share the next write (<see cref="CommitPipeline{TState}"/>).
/// </summary>
[Reentrant]
internal sealed partial class GroupGrain(
    [PersistentState("group", CoordConstants.StorageName)] IPersistentState<GroupState> state,
    ILogger<GroupGrain> logger,
    TimeProvider clock) : Grain, IGroupGrain
{
    private readonly EventWatchers<GroupEvent> _watchers = new(clock, logger);
    private CommitPipeline<GroupState>? _pipeline;
    private EventsPerWrite<GroupEvent>? _events;
    private OrderedStreamPublisher<GroupEvent>? _stream;

    private CommitPipeline<GroupState> Commits => _pipeline ??= new(state, this, GroupState.Copy, logger);

    private GroupState S => Commits.State;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Guard.Name(Name, "group");
        if (S.Exists)
        {
            // Self-heal the directory in case the activation that created the group died before indexing it.
            await Directory.AddAsync(Name);
        }
    }

    public Task CreateAsync(Guid requestId) => Commits.RunAsync(async () =>
    {
        if (S.Exists && S.LastCreateOrDelete != requestId)
        {
            throw new GroupAlreadyExistsException(Name);
        }

        if (!S.Exists)
        {
            S.Exists = true;
            S.LastCreateOrDelete = requestId;
            await Commits.PersistNowAsync();
        }

        // Also for a repeat: the first copy may have been cut off between its write and the index.
        await Directory.AddAsync(Name);
    });

    public Task DeleteAsync(Guid requestId) => Commits.RunAsync(async () =>
    {
        if (!S.Exists && S.LastCreateOrDelete == requestId)
        {
            // A repeat of this delete: it was applied; make sure the index has caught up.
            await Directory.RemoveAsync(Name);
            return;
        }

        EnsureExists();
        if (S.Members.Count > 0)
        {
            throw new GroupNotEmptyException(Name, S.Members.Count);
        }

        S.Exists = false;
        S.LastCreateOrDelete = requestId;
        await Commits.PersistNowAsync();
        await Directory.RemoveAsync(Name);
    });

    public Task<long> JoinAsync(Guid sessionId, Guid requestId, string memberId, byte[] capabilities, bool createIfMissing) =>
        Commits.RunAsync(() => JoinInTurnAsync(sessionId, requestId, memberId, capabilities, createIfMissing));

    public Task<long> LeaveAsync(Guid sessionId, Guid requestId, string memberId) =>
        Commits.RunAsync(() => Task.FromResult(Leave(sessionId, requestId, memberId)));

    public Task<long> UpdateCapabilitiesAsync(Guid sessionId, Guid requestId, string memberId, byte[] capabilities) =>
        Commits.RunAsync(() => Task.FromResult(UpdateCapabilities(sessionId, requestId, memberId, capabilities)));

    public Task ReleaseSessionAsync(Guid sessionId, SessionEndReason reason) =>
        Commits.RunAsync(() =>
        {
            ReleaseSession(sessionId, reason);
            return Task.CompletedTask;
        });

    private async Task<long> JoinInTurnAsync(Guid sessionId, Guid requestId, string memberId, byte[] capabilities, bool createIfMissing)
    {
        Guard.Name(memberId, nameof(memberId));
        ArgumentNullException.ThrowIfNull(capabilities);
        Guard.Payload(capabilities.Length, nameof(capabilities));
        if (S.LastChanges.TryGetValue(sessionId, out var last) && last.JoinRequestId == requestId)
        {
            // A repeat of the session's last join gets its answer; a late copy of a join whose member has left since
            // (the session moved on) changes nothing. The first copy may have created the group and been cut off
            // before indexing it: index it (again).
            if (S.Exists)
            {
                await Directory.AddAsync(Name);
            }

            return last.RequestId == requestId ? last.Version : Version;
        }

        if (!S.Exists && !createIfMissing)
        {
            throw new GroupNotFoundException(Name);
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

        // The session attached this grain before calling; while it is alive here, its end will reach this grain
        // after this call (calls to this grain run one at a time), so no membership can outlive the session.
        if (!await Session(sessionId).IsAliveAsync())
        {
            throw new SessionExpiredException(memberId, sessionId);
        }

        var created = !S.Exists;
        var now = clock.GetUtcNow();
        S.Exists = true;
        S.Members[memberId] = new GroupMember(memberId, capabilities, now, now, sessionId);
        var version = ++S.Version;
        S.LastChanges[sessionId] = new SessionChange(requestId, version, requestId);
        AddEvent(new GroupEvent(Name, memberId, GroupEventKind.Joined, "join", version, now, capabilities));
        if (created)
        {
            // Indexed only once the group is persisted, so that the directory never lists a group that is not there.
            await Commits.PersistNowAsync();
            await Directory.AddAsync(Name);
        }

        return version;
    }

    private long Leave(Guid sessionId, Guid requestId, string memberId)
    {
        Guard.Name(memberId, nameof(memberId));
        if (Repeated(sessionId, requestId) is { } answer)
        {
            return answer;
        }

        EnsureExists();
        if (!S.Members.TryGetValue(memberId, out var member) || member.SessionId != sessionId)
        {
            throw new MemberNotJoinedException(Name, memberId);
        }

        S.Members.Remove(memberId);
        var version = ++S.Version;
        Applied(sessionId, requestId, version);
        AddEvent(new GroupEvent(Name, memberId, GroupEventKind.Left, "leave", version, clock.GetUtcNow(), []));
        return version;
    }

    private long UpdateCapabilities(Guid sessionId, Guid requestId, string memberId, byte[] capabilities)
    {
        Guard.Name(memberId, nameof(memberId));
        ArgumentNullException.ThrowIfNull(capabilities);
        Guard.Payload(capabilities.Length, nameof(capabilities));
        if (Repeated(sessionId, requestId) is { } answer)
        {
            return answer;
        }

        EnsureExists();
        if (!S.Members.TryGetValue(memberId, out var member) || member.SessionId != sessionId)
        {
            throw new MemberNotJoinedException(Name, memberId);
        }

        var now = clock.GetUtcNow();
        S.Members[memberId] = member with { Capabilities = capabilities, UpdatedAt = now };
        var version = ++S.Version;
        Applied(sessionId, requestId, version);
        AddEvent(new GroupEvent(Name, memberId, GroupEventKind.CapabilitiesUpdated, "update", version, now, capabilities));
        return version;
    }

    /// <summary>The answer of the session's last change when <paramref name="requestId"/> is a repeat of it; null otherwise.</summary>
    private long? Repeated(Guid sessionId, Guid requestId) =>
        S.LastChanges.TryGetValue(sessionId, out var last) && last.RequestId == requestId ? last.Version : null;

    /// <summary>Records the session's leave or update as its last change (persisted with the change itself).</summary>
    private void Applied(Guid sessionId, Guid requestId, long version) =>
        S.LastChanges[sessionId] = new SessionChange(requestId, version, S.LastChanges.GetValueOrDefault(sessionId).JoinRequestId);

    private void ReleaseSession(Guid sessionId, SessionEndReason reason)
    {
        if (S.LastChanges.Remove(sessionId))
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
        Commits.RunAsync(() => _watchers.Watch(watcher, lease, () => Task.FromResult(Version)));

    public Task UnwatchAsync(ICoordEventObserver<GroupEvent> watcher) => _watchers.Unwatch(watcher);

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

    private IGroupDirectoryGrain Directory => GrainFactory.GetGrain<IGroupDirectoryGrain>(GroupDirectoryBuckets.Of(Name));

    private ISessionGrain Session(Guid sessionId) => GrainFactory.GetGrain<ISessionGrain>(sessionId);

    /// <summary>Records a change's event: pushed to the watchers and published after the write that persists it.</summary>
    private void AddEvent(GroupEvent e) => (_events ??= new(PublishAsync)).Add(Commits, e);

    private Task PublishAsync(IReadOnlyList<GroupEvent> events)
    {
        foreach (var e in events)
        {
            _watchers.Push(e);
        }

        (_stream ??= new(this, CoordConstants.GroupStreamNamespace, (ex, failed) => LogPublishFailed(ex, Name, failed[0].Version, failed[^1].Version))).Publish(events);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Group {Group}: released {Count} member(s) of session {SessionId} ({Reason})")]
    private partial void LogReleased(string group, Guid sessionId, SessionEndReason reason, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group {Group}: publishing event versions {First} to {Last} failed; watchers will resynchronise")]
    private partial void LogPublishFailed(Exception ex, string group, long first, long last);
}
