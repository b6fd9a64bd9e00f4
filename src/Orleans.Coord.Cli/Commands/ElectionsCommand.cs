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
        await run.Printer.ListAsync(
            run.Inspector.ListElectionsAsync(cancellationToken),
            ElectionView.From,
            LeaderColumns.Headers,
            (table, info) => LeaderColumns.Row(table, ElectionView.From(info)));
        return ExitCodes.Success;
    }
}
