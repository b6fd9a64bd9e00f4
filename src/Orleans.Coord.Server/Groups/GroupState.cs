using Orleans.Coord.Groups;
using Orleans.Coord.Server.Internal;

namespace Orleans.Coord.Server.Groups;

/// <summary>The persisted state of a group.</summary>
[GenerateSerializer]
internal sealed class GroupState
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

    /// <summary>
    /// Each live session's last change, floor and spent changes, and the last create or delete (administrative), so that
    /// a copy sent again gets the first answer and a late copy of a change the session has moved past changes nothing.
    /// </summary>
    [Id(3)]
    public RequestLedger Ledger { get; set; } = new();

    /// <summary>How many creates and deletes changed the group; with <see cref="Version"/> it makes the revision.</summary>
    [Id(4)]
    public long Lifecycle { get; set; }

    /// <summary>
    /// Grows with every change, creates and deletes included (the group's version counts the member changes and
    /// <see cref="Lifecycle"/> the rest), and never goes back; a create or delete names the revision it was decided on.
    /// </summary>
    public long Revision => Version + Lifecycle;

    /// <summary>A copy to persist while the original keeps changing; the members and changes are immutable and shared.</summary>
    internal static GroupState Copy(GroupState state) => new()
    {
        Exists = state.Exists,
        Version = state.Version,
        Lifecycle = state.Lifecycle,
        Members = new Dictionary<string, GroupMember>(state.Members, state.Members.Comparer),
        Ledger = state.Ledger.Copy(),
    };
}
