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
        var groups = run.Inspector.ListGroupsAsync(cancellationToken);
        if (run.Printer.Json)
        {
            using var array = run.Printer.Array();
            await foreach (var group in groups)
            {
                array.Add(GroupView.From(group));
            }
        }
        else
        {
            using var table = run.Printer.Table("GROUP", "MEMBERS", "VERSION");
            await foreach (var group in groups)
            {
                table.Row(group.Name, $"{group.MemberCount}", $"{group.Version}");
            }
        }

        return ExitCodes.Success;
    }
}
