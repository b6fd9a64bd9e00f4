namespace Orleans.Coord.Groups;

/// <summary>
/// The members of a group at one version. Every event of the group after this snapshot has a version greater
/// than <see cref="Version"/>.
/// </summary>
/// <param name="Group">The group name.</param>
/// <param name="Version">The group's version when the snapshot was taken.</param>
/// <param name="Members">The members, ordered by member id.</param>
[GenerateSerializer]
[Immutable]
public sealed record GroupSnapshot(
    [property: Id(0)] string Group,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<GroupMember> Members);
