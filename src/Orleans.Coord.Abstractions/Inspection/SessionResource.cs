namespace Orleans.Coord.Inspection;

/// <summary>A group, lock or election a session has used.</summary>
/// <param name="Kind">One of <see cref="Orleans.Coord.Grains.NameDirectory"/>'s kinds.</param>
/// <param name="Name">Its name.</param>
[GenerateSerializer]
[Immutable]
public sealed record SessionResource([property: Id(0)] string Kind, [property: Id(1)] string Name);
