using System.Runtime.CompilerServices;
using Orleans.Coord.Grains;
using Orleans.Coord.Groups;
using Orleans.Coord.Internal;
using Orleans.Coord.Validation;

namespace Orleans.Coord.Groups;

/// <summary>The session's group API over the group grains.</summary>
internal sealed class GroupCoordinator(SessionContext session) : IGroupCoordinator
{
    public Task CreateAsync(string group, CancellationToken cancellationToken = default)
    {
        var grain = Grain(group);
        return GrainCallRetry.RunAsync(() => grain.CreateAsync(), session.Options, cancellationToken);
    }

    public Task DeleteAsync(string group, CancellationToken cancellationToken = default)
    {
        var grain = Grain(group);
        return GrainCallRetry.RunAsync(() => grain.DeleteAsync(), session.Options, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var buckets = await Task.WhenAll(Enumerable.Range(0, GroupDirectoryBuckets.Count)
            .Select(i => session.Grains.GetGrain<IGroupDirectoryGrain>(i).ListAsync())).WaitAsync(cancellationToken);
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
        return GrainCallRetry.RunAsync(() => grain.LeaveAsync(session.SessionId, session.MemberId), session.Options, cancellationToken);
    }

    public async Task<IReadOnlyList<GroupMember>> GetMembersAsync(string group, CancellationToken cancellationToken = default) =>
        (await GetSnapshotAsync(group, cancellationToken)).Members;

    public Task<GroupSnapshot> GetSnapshotAsync(string group, CancellationToken cancellationToken = default) =>
        GrainCallRetry.RunRepeatableAsync(Grain(group).GetSnapshotAsync, session.Options, cancellationToken);

    public Task<GroupMember> GetMemberAsync(string group, string memberId, CancellationToken cancellationToken = default)
    {
        var grain = Grain(group);
        Guard.Name(memberId, nameof(memberId));
        return GrainCallRetry.RunRepeatableAsync(() => grain.GetMemberAsync(memberId), session.Options, cancellationToken);
    }

    public Task UpdateCapabilitiesAsync(string group, ReadOnlyMemory<byte> capabilities, CancellationToken cancellationToken = default)
    {
        var grain = Grain(group);
        Guard.Payload(capabilities.Length, nameof(capabilities));
        session.ThrowIfClosed();
        var bytes = capabilities.ToArray();
        return GrainCallRetry.RunAsync(() => grain.UpdateCapabilitiesAsync(session.SessionId, session.MemberId, bytes), session.Options, cancellationToken);
    }

    public Task<bool> IsMemberUpAsync(string group, string memberId, CancellationToken cancellationToken = default)
    {
        var grain = Grain(group);
        Guard.Name(memberId, nameof(memberId));
        return GrainCallRetry.RunRepeatableAsync(() => grain.IsMemberUpAsync(memberId), session.Options, cancellationToken);
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
        await GrainCallRetry.RunAsync(() => grain.JoinAsync(session.SessionId, session.MemberId, bytes, createIfMissing), session.Options, cancellationToken);
    }

    private IGroupGrain Grain(string group) => session.Grains.GetGrain<IGroupGrain>(Guard.Name(group, nameof(group)));
}
