namespace Orleans.Coord;

/// <summary>The group still has members and cannot be deleted (Tooz's <c>GroupNotEmpty</c>). Nothing was changed.</summary>
[GenerateSerializer]
public sealed class GroupNotEmptyException : CoordinationException
{
    /// <summary>Creates the exception for a group.</summary>
    public GroupNotEmptyException(string group, int memberCount)
        : base($"Group '{group}' still has {memberCount} member(s); only an empty group can be deleted.")
    {
        Group = group;
        MemberCount = memberCount;
    }

    /// <summary>The group that is not empty.</summary>
    [Id(0)]
    public string Group { get; private set; }

    /// <summary>How many members the group had when the delete was refused.</summary>
    [Id(1)]
    public int MemberCount { get; private set; }
}
