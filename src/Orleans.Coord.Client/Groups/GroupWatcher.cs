using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Watching;
using Orleans.Coord.Grains;
using Orleans.Coord.Groups;

namespace Orleans.Coord.Client.Groups;

/// <summary>One watch of a group: the versioned watch of the group grain, ending when the group is deleted.</summary>
internal sealed class GroupWatcher(SessionContext session, string group) : IGroupWatch
{
    private readonly VersionedWatch<GroupEvent, GroupSnapshot> _watch = new(
        session,
        session.Grains.GetGrain<IGroupGrain>(group),
        CoordConstants.GroupStreamNamespace,
        e => e.Version,
        snapshot => new GroupView(snapshot),
        error => error is GroupNotFoundException);

    public string Group => group;

    public GroupSnapshot Snapshot => _watch.Snapshot;

    public Task StartAsync(CancellationToken cancellationToken) => _watch.StartAsync(cancellationToken);

    public IAsyncEnumerable<GroupEvent> ReadEventsAsync(CancellationToken cancellationToken = default) => _watch.ReadEventsAsync(cancellationToken);

    public ValueTask DisposeAsync() => _watch.DisposeAsync();
}
