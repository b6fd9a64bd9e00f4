using Orleans.Coord.Client.Inspection;

namespace Orleans.Coord.Cli.Views;

/// <summary>A group in <c>coord groups --json</c>.</summary>
internal sealed record GroupView(string Name, int MemberCount, long Version)
{
    public static GroupView From(GroupSummary group) => new(group.Name, group.MemberCount, group.Version);
}
