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

    /// <summary>The last change of each live session that changed the group; an entry goes when the session's end arrives.</summary>
    [Id(3)]
    public Dictionary<Guid, SessionChange> LastChanges { get; set; } = [];

    /// <summary>The request of the last applied create or delete, so that a repeat of it gets the first answer.</summary>
    [Id(4)]
    public Guid LastCreateOrDelete { get; set; }

    /// <summary>A copy to persist while the original keeps changing; the members and changes are immutable and shared.</summary>
    internal static GroupState Copy(GroupState state) => new()
    {
        Exists = state.Exists,
        Version = state.Version,
        Members = new Dictionary<string, GroupMember>(state.Members, state.Members.Comparer),
        LastChanges = new Dictionary<Guid, SessionChange>(state.LastChanges),
        LastCreateOrDelete = state.LastCreateOrDelete,
    };
}
