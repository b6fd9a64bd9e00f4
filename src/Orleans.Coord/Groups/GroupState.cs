using Orleans.Coord.Groups;

namespace Orleans.Coord.Groups;

/// <summary>The persisted state of a group.</summary>
[GenerateSerializer]
public sealed class GroupState
{
    /// <summary>Whether the group exists (created and not deleted).</summary>
    [Id(0)]
    public bool Exists { get; set; }

    /// <summary>The version of the last change; it never goes back, not even across delete and re-create.</summary>
    [Id(1)]
    public long Version { get; set; }

    /// <summary>The members by member id.</summary>
    [Id(2)]
    public Dictionary<string, GroupMember> Members { get; set; } = [];
}
