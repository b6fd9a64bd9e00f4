using System.Runtime.CompilerServices;
using Orleans.Coord.Grains;
using Orleans.Coord.Groups;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Telemetry;
using Orleans.Coord.Validation;

namespace Orleans.Coord.Client.Groups;

/// <summary>
/// The session's group API over the group grains. Every change carries a new request id, so a change whose answer was
/// lost (a silo crash) is sent again (<see cref="GrainCallRetry.RunRepeatableAsync{T}(Func{Task{T}}, SessionContext, CancellationToken)"/>) and the grain answers the
/// copy with the first outcome. Membership changes carry their place in the session's order; creates and deletes name the
/// group's revision they were decided on. Either way a late copy of a change, arriving after later ones, changes nothing.
/// </summary>
internal sealed class GroupCoordinator(SessionContext session) : IGroupCoordinator
{
    public Task CreateAsync(string group, CancellationToken cancellationToken = default) =>
        DecideAsync(Grain(group), (grain, requestId, revision) => grain.CreateAsync(requestId, revision), cancellationToken);

    public Task DeleteAsync(string group, CancellationToken cancellationToken = default) =>
        DecideAsync(Grain(group), (grain, requestId, revision) => grain.DeleteAsync(requestId, revision), cancellationToken);

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var buckets = await Task.WhenAll(NameDirectory.All(session.Grains, NameDirectory.Groups)
            .Select(directory => GrainCallRetry.RunRepeatableAsync(directory.ListAsync, session, cancellationToken)));
        return buckets.SelectMany(b => b).Order(StringComparer.Ordinal).ToArray();
    }

    public Task JoinAsync(string group, ReadOnlyMemory<byte> capabilities = default, CancellationToken cancellationToken = default) =>
        JoinCoreAsync(group, capabilities, createIfMissing: false, cancellationToken);

    public Task JoinOrCreateAsync(string group, ReadOnlyMemory<byte> capabilities = default, CancellationToken cancellationToken = default) =>
        JoinCoreAsync(group, capabilities, createIfMissing: true, cancellationToken);

    public Task LeaveAsync(string group, CancellationToken cancellationToken = default)
    {
        var grain = Grain(group);
        session.ThrowIfClosed();
        return SpanNames.TraceAsync(SpanNames.Leave, group, session.MemberId,
            () => ChangeAsync(grain, (requestId, order) => grain.LeaveAsync(session.SessionId, requestId, order, session.MemberId), cancellationToken));
    }

    public async Task<IReadOnlyList<GroupMember>> GetMembersAsync(string group, CancellationToken cancellationToken = default) =>
        (await GetSnapshotAsync(group, cancellationToken)).Members;

    public Task<GroupSnapshot> GetSnapshotAsync(string group, CancellationToken cancellationToken = default) =>
        GrainCallRetry.RunRepeatableAsync(Grain(group).GetSnapshotAsync, session, cancellationToken);

    public Task<GroupMember> GetMemberAsync(string group, string memberId, CancellationToken cancellationToken = default)
    {
        var grain = Grain(group);
        Guard.Name(memberId, nameof(memberId));
        return GrainCallRetry.RunRepeatableAsync(() => grain.GetMemberAsync(memberId), session, cancellationToken);
    }

    public Task UpdateCapabilitiesAsync(string group, ReadOnlyMemory<byte> capabilities, CancellationToken cancellationToken = default)
    {
        var grain = Grain(group);
        Guard.Payload(capabilities.Length, nameof(capabilities));
        session.ThrowIfClosed();
        var bytes = capabilities.ToArray();
        return ChangeAsync(grain, (requestId, order) => grain.UpdateCapabilitiesAsync(session.SessionId, requestId, order, session.MemberId, bytes), cancellationToken);
    }

    public Task<bool> IsMemberUpAsync(string group, string memberId, CancellationToken cancellationToken = default)
    {
        var grain = Grain(group);
        Guard.Name(memberId, nameof(memberId));
        return GrainCallRetry.RunRepeatableAsync(() => grain.IsMemberUpAsync(memberId), session, cancellationToken);
    }

    public IAsyncEnumerable<GroupEvent> WatchAsync(string group, CancellationToken cancellationToken = default)
    {
        Guard.Name(group, nameof(group));
        return WatchCoreAsync(group, cancellationToken);
    }

    public async Task<IGroupWatch> OpenWatchAsync(string group, CancellationToken cancellationToken = default)
    {
        var watcher = new GroupWatcher(session, Guard.Name(group, nameof(group)));
        await watcher.StartAsync(cancellationToken);
        return watcher;
    }

    private async IAsyncEnumerable<GroupEvent> WatchCoreAsync(string group, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var watch = await OpenWatchAsync(group, cancellationToken);
        await foreach (var e in watch.ReadEventsAsync(cancellationToken))
        {
            yield return e;
        }
    }

    private async Task JoinCoreAsync(string group, ReadOnlyMemory<byte> capabilities, bool createIfMissing, CancellationToken cancellationToken)
    {
        var grain = Grain(group);
        Guard.Payload(capabilities.Length, nameof(capabilities));
        session.ThrowIfClosed();
        var bytes = capabilities.ToArray();
        await session.EnsureAttachedAsync(grain.GetGrainId(), cancellationToken);
        await SpanNames.TraceAsync(SpanNames.Join, group, session.MemberId, () => ChangeAsync(
            grain, (requestId, order) => grain.JoinAsync(session.SessionId, requestId, order, session.MemberId, bytes, createIfMissing), cancellationToken));
    }

    /// <summary>
    /// Sends one change of the session's membership, with a new request id and its place in the session's order, again
    /// while it is lost; once it is answered or given up, a copy that arrives later is not applied.
    /// </summary>
    private async Task<long> ChangeAsync(IGroupGrain grain, Func<Guid, RequestOrder, Task<long>> change, CancellationToken cancellationToken)
    {
        var requestId = Guid.NewGuid();
        using var request = session.Requests.Start(grain.GetGrainId());
        return await GrainCallRetry.RunRepeatableAsync(() => change(requestId, request.Order), session, cancellationToken);
    }

    private IGroupGrain Grain(string group) => session.Grains.Reference<IGroupGrain>(Guard.Name(group, nameof(group)));

    /// <summary>
    /// Sends a create or delete (<paramref name="change"/>) that names the revision it was decided on, read just before;
    /// when the group changed in between, reads the revision again and sends the same request once more, so that a late
    /// copy of it, arriving after later changes, changes nothing.
    /// </summary>
    private async Task DecideAsync(IGroupGrain grain, Func<IGroupGrain, Guid, long, Task<bool>> change, CancellationToken cancellationToken)
    {
        var requestId = Guid.NewGuid();
        while (true)
        {
            var revision = await GrainCallRetry.RunRepeatableAsync(grain.GetRevisionAsync, session, cancellationToken);
            if (await GrainCallRetry.RunRepeatableAsync(() => change(grain, requestId, revision), session, cancellationToken))
            {
                return;
            }
        }
    }
}
