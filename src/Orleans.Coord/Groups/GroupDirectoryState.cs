namespace Orleans.Coord.Groups;

/// <summary>The persisted names in one directory bucket.</summary>
[GenerateSerializer]
public sealed class GroupDirectoryState
{
    /// <summary>The group names.</summary>
    [Id(0)]
    public HashSet<string> Groups { get; set; } = [];
}
