using System.CommandLine;
using Orleans.Coord.Cli.Views;

namespace Orleans.Coord.Cli.Commands;

/// <summary><c>coord groups</c>: every group, its member count and version.</summary>
internal static class GroupsCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("groups", "List every group with its member count and version");
        runner.SetAction(command, RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(Invocation run, CancellationToken cancellationToken)
    {
        await run.Printer.ListAsync(
            run.Inspector.ListGroupsAsync(cancellationToken),
            GroupView.From,
            ["GROUP", "MEMBERS", "VERSION"],
            (table, group) => table.Row(group.Name, $"{group.MemberCount}", $"{group.Version}"));
        return ExitCodes.Success;
    }
}
