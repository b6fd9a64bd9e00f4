using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Watching;
using Orleans.Coord.Grains;
using Orleans.Coord.Groups;

namespace Orleans.Coord.Client.Groups;

/// <summary>One watch of a group: the versioned watch of the group grain, ending when the group is deleted.</summary>
internal sealed class GroupWatcher(SessionContext session, string group)
    : VersionedWatch<GroupEvent, GroupSnapshot>(
        session,
        session.Grains.Reference<IGroupGrain>(group),
        CoordConstants.GroupStreamNamespace,
        Orleans.Coord.Telemetry.CoordTelemetry.Primitives.Group,
        e => e.Version,
        snapshot => new GroupView(snapshot),
        error => error is GroupNotFoundException),
    IGroupWatch
{
    public string Group => group;
}
