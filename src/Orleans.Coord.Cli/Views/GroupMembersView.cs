namespace Orleans.Coord.Cli.Views;

/// <summary><c>coord members GROUP --json</c>: the group, its version and its members by member id.</summary>
internal sealed record GroupMembersView(string Group, long Version, IReadOnlyList<MemberView> Members);
