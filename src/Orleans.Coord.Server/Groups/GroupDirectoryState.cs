using Orleans.Coord.Groups;

namespace Orleans.Coord.Server.Groups;

/// <summary>The persisted names in one directory bucket.</summary>
[GenerateSerializer]
internal sealed class GroupDirectoryState
{
    /// <summary>The group names.</summary>
    [Id(0)]
    public HashSet<string> Groups { get; set; } = [];
}
