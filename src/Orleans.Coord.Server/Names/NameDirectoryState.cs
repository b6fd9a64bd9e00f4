namespace Orleans.Coord.Server.Names;

/// <summary>The persisted names in one directory bucket.</summary>
[GenerateSerializer]
internal sealed class NameDirectoryState
{
    [Id(0)]
    public HashSet<string> Names { get; set; } = [];
}
