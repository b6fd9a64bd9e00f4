namespace Orleans.Coord;

/// <summary>The group already exists (Tooz's <c>GroupAlreadyExist</c>). Nothing was changed.</summary>
[GenerateSerializer]
public sealed class GroupAlreadyExistsException : CoordinationException
{
    /// <summary>Creates the exception for a group.</summary>
    public GroupAlreadyExistsException(string group) : base($"Group '{group}' already exists.") => Group = group;

    /// <summary>The group that already exists.</summary>
    [Id(0)]
    public string Group { get; private set; }
}
