namespace Orleans.Coord.Client.Inspection;

/// <summary>One group as a listing shows it.</summary>
/// <param name="Name">The group name.</param>
/// <param name="MemberCount">How many members it has.</param>
/// <param name="Version">The version of its last change.</param>
public sealed record GroupSummary(string Name, int MemberCount, long Version);
