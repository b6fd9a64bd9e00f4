using System.CommandLine;
using Orleans.Coord.Cli.Views;

namespace Orleans.Coord.Cli.Commands;

/// <summary><c>coord elections</c>: every election with a leader or candidates.</summary>
internal static class ElectionsCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("elections", "List every election with its leader, term, value and candidates");
        runner.SetAction(command, RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(Invocation run, CancellationToken cancellationToken)
    {
        var elections = run.Inspector.ListElectionsAsync(cancellationToken);
        if (run.Printer.Json)
        {
            using var array = run.Printer.Array();
            await foreach (var info in elections)
            {
                array.Add(ElectionView.From(info));
            }

            return ExitCodes.Success;
        }

        using var table = run.Printer.Table(LeaderColumns.Headers);
        await foreach (var info in elections)
        {
            LeaderColumns.Row(table, ElectionView.From(info));
        }

        return ExitCodes.Success;
    }
}
