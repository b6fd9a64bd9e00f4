using Microsoft.Extensions.Logging;
using Orleans.Coord.Grains;
using Orleans.Coord.Internal;
using Orleans.Coord.Sessions;
using Orleans.Coord.Validation;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Coord.Watching;

namespace Orleans.Coord.Groups;

/// <summary>
/// The authoritative state of one group. Each change is persisted with the grain's ETag, then answered, then
/// published on the group's stream with the new version.
/// </summary>
internal sealed partial class GroupGrain(
    [PersistentState("group", CoordConstants.StorageName)] IPersistentState<GroupState> state,
    ILogger<GroupGrain> logger,
    TimeProvider clock) : Grain, IGroupGrain
{
    private readonly EventWatchers<GroupEvent> _watchers = new(clock, logger);
    private IAsyncStream<GroupEvent>? _stream;

    private GroupState S => state.State;

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

    public async Task CreateAsync()
    {
        if (S.Exists)
        {
            throw new GroupAlreadyExistsException(Name);
        }

        S.Exists = true;
        await state.WriteOrRecoverAsync(this);
        await Directory.AddAsync(Name);
    }

    public async Task DeleteAsync()
    {
        EnsureExists();
        if (S.Members.Count > 0)
        {
            throw new GroupNotEmptyException(Name, S.Members.Count);
        }

        S.Exists = false;
        await state.WriteOrRecoverAsync(this);
        await Directory.RemoveAsync(Name);
    }

    public async Task<long> JoinAsync(Guid sessionId, string memberId, byte[] capabilities, bool createIfMissing)
    {
        Guard.Name(memberId, nameof(memberId));
        ArgumentNullException.ThrowIfNull(capabilities);
        Guard.Payload(capabilities.Length, nameof(capabilities));
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

            await ReleaseSessionAsync(existing.SessionId, SessionEndReason.Expired);
        }

        // The session attached this grain before calling; while it is alive here, its end will reach this grain
        // after this call completes (this grain does not interleave), so no membership can outlive the session.
        if (!await Session(sessionId).IsAliveAsync())
        {
            throw new SessionExpiredException(memberId, sessionId);
        }

        var created = !S.Exists;
        var now = clock.GetUtcNow();
        S.Exists = true;
        S.Members[memberId] = new GroupMember(memberId, capabilities, now, now, sessionId);
        var version = ++S.Version;
        await state.WriteOrRecoverAsync(this);
        if (created)
        {
            await Directory.AddAsync(Name);
        }

        await PublishAsync(new GroupEvent(Name, memberId, GroupEventKind.Joined, "join", version, now, capabilities));
        return version;
    }

    public async Task<long> LeaveAsync(Guid sessionId, string memberId)
    {
        Guard.Name(memberId, nameof(memberId));
        EnsureExists();
        if (!S.Members.TryGetValue(memberId, out var member) || member.SessionId != sessionId)
        {
            throw new MemberNotJoinedException(Name, memberId);
        }

        S.Members.Remove(memberId);
        var version = ++S.Version;
        await state.WriteOrRecoverAsync(this);
        await PublishAsync(new GroupEvent(Name, memberId, GroupEventKind.Left, "leave", version, clock.GetUtcNow(), []));
        return version;
    }

    public async Task<long> UpdateCapabilitiesAsync(Guid sessionId, string memberId, byte[] capabilities)
    {
        Guard.Name(memberId, nameof(memberId));
        ArgumentNullException.ThrowIfNull(capabilities);
        Guard.Payload(capabilities.Length, nameof(capabilities));
        EnsureExists();
        if (!S.Members.TryGetValue(memberId, out var member) || member.SessionId != sessionId)
        {
            throw new MemberNotJoinedException(Name, memberId);
        }

        var now = clock.GetUtcNow();
        S.Members[memberId] = member with { Capabilities = capabilities, UpdatedAt = now };
        var version = ++S.Version;
        await state.WriteOrRecoverAsync(this);
        await PublishAsync(new GroupEvent(Name, memberId, GroupEventKind.CapabilitiesUpdated, "update", version, now, capabilities));
        return version;
    }

    public async Task ReleaseSessionAsync(Guid sessionId, SessionEndReason reason)
    {
        var leaving = S.Members.Values.Where(m => m.SessionId == sessionId).Select(m => m.MemberId).Order(StringComparer.Ordinal).ToArray();
        if (leaving.Length == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var events = new List<GroupEvent>(leaving.Length);
        foreach (var memberId in leaving)
        {
            S.Members.Remove(memberId);
            var version = ++S.Version;
            events.Add(reason == SessionEndReason.Expired
                ? new GroupEvent(Name, memberId, GroupEventKind.Expired, "session expired", version, now, [])
                : new GroupEvent(Name, memberId, GroupEventKind.Left, "session stopped", version, now, []));
        }

        await state.WriteOrRecoverAsync(this);
        LogReleased(Name, sessionId, reason, leaving.Length);
        foreach (var e in events)
        {
            await PublishAsync(e);
        }
    }

    public Task<GroupSnapshot> GetSnapshotAsync()
    {
        EnsureExists();
        return Task.FromResult(Snapshot());
    }

    public Task<GroupMember> GetMemberAsync(string memberId)
    {
        Guard.Name(memberId, nameof(memberId));
        EnsureExists();
        return S.Members.TryGetValue(memberId, out var member)
            ? Task.FromResult(member)
            : throw new MemberNotJoinedException(Name, memberId);
    }

    public Task<bool> IsMemberUpAsync(string memberId)
    {
        Guard.Name(memberId, nameof(memberId));
        return Task.FromResult(S.Exists && S.Members.ContainsKey(memberId));
    }

    public Task<long> GetVersionAsync() => Task.FromResult(S.Exists ? S.Version : -1);

    public Task<long> WatchAsync(ICoordEventObserver<GroupEvent> watcher, TimeSpan lease) => _watchers.Watch(watcher, lease, GetVersionAsync);

    public Task UnwatchAsync(ICoordEventObserver<GroupEvent> watcher) => _watchers.Unwatch(watcher);

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

    private async Task PublishAsync(GroupEvent e)
    {
        _watchers.Push(e);
        try
        {
            _stream ??= this.GetStreamProvider(CoordConstants.StreamProviderName)
                .GetStream<GroupEvent>(StreamId.Create(CoordConstants.GroupStreamNamespace, Name));
            await _stream.OnNextAsync(e);
        }
        catch (Exception ex)
        {
            // The change is persisted; watchers notice the version gap and re-read the snapshot.
            LogPublishFailed(ex, Name, e.Version);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Group {Group}: released {Count} member(s) of session {SessionId} ({Reason})")]
    private partial void LogReleased(string group, Guid sessionId, SessionEndReason reason, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Group {Group}: publishing event version {Version} failed; watchers will resynchronise")]
    private partial void LogPublishFailed(Exception ex, string group, long version);
}
