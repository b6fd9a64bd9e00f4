namespace Orleans.Coord;

/// <summary>The group does not exist (Tooz's <c>GroupNotCreated</c>). Nothing was changed.</summary>
[GenerateSerializer]
public sealed class GroupNotFoundException : CoordinationException
{
    /// <summary>Creates the exception for a group.</summary>
    public GroupNotFoundException(string group) : base($"Group '{group}' does not exist.") => Group = group;

    /// <summary>The group that was not found.</summary>
    [Id(0)]
    public string Group { get; private set; }
}
