using Orleans.Coord.Groups;

using Orleans.Coord.Client.Watching;

namespace Orleans.Coord.Client.Groups;

/// <summary>A watcher's local copy of a group, kept at one version, and the difference to a newer snapshot.</summary>
internal sealed class GroupView(GroupSnapshot snapshot) : IWatchView<GroupEvent, GroupSnapshot>
{
    private readonly Dictionary<string, (DateTimeOffset JoinedAt, DateTimeOffset UpdatedAt, byte[] Capabilities)> _members =
        snapshot.Members.ToDictionary(m => m.MemberId, m => (m.JoinedAt, m.UpdatedAt, m.Capabilities), StringComparer.Ordinal);

    public long Version { get; private set; } = snapshot.Version;

    /// <summary>Applies the event whose version is <see cref="Version"/> + 1.</summary>
    public void Apply(GroupEvent e)
    {
        switch (e.Kind)
        {
            case GroupEventKind.Joined:
                _members[e.MemberId] = (e.Timestamp, e.Timestamp, e.Capabilities);
                break;
            case GroupEventKind.CapabilitiesUpdated when _members.TryGetValue(e.MemberId, out var m):
                _members[e.MemberId] = (m.JoinedAt, e.Timestamp, e.Capabilities);
                break;
            case GroupEventKind.Left or GroupEventKind.Expired:
                _members.Remove(e.MemberId);
                break;
        }

        Version = e.Version;
    }

    /// <summary>
    /// Moves the view to <paramref name="newer"/> and returns the changes in between as resync events carrying the
    /// snapshot's version (a member that left and joined again in between appears as Left then Joined).
    /// </summary>
    public IReadOnlyList<GroupEvent> MoveTo(GroupSnapshot newer, DateTimeOffset now)
    {
        var changes = new List<GroupEvent>();
        var current = newer.Members.ToDictionary(m => m.MemberId, StringComparer.Ordinal);
        foreach (var (id, mine) in _members.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!current.TryGetValue(id, out var theirs) || theirs.JoinedAt != mine.JoinedAt)
            {
                changes.Add(new GroupEvent(newer.Group, id, GroupEventKind.Left, "resync", newer.Version, now, [], IsResync: true));
            }
        }

        foreach (var m in newer.Members)
        {
            var known = _members.TryGetValue(m.MemberId, out var mine);
            if (!known || mine.JoinedAt != m.JoinedAt)
            {
                changes.Add(new GroupEvent(newer.Group, m.MemberId, GroupEventKind.Joined, "resync", newer.Version, m.JoinedAt, m.Capabilities, IsResync: true));
            }
            else if (mine.UpdatedAt != m.UpdatedAt)
            {
                changes.Add(new GroupEvent(newer.Group, m.MemberId, GroupEventKind.CapabilitiesUpdated, "resync", newer.Version, m.UpdatedAt, m.Capabilities, IsResync: true));
            }
        }

        _members.Clear();
        foreach (var m in newer.Members)
        {
            _members[m.MemberId] = (m.JoinedAt, m.UpdatedAt, m.Capabilities);
        }

        Version = newer.Version;
        return changes;
    }
}
