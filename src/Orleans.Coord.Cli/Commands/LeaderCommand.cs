using System.CommandLine;
using Orleans.Coord.Cli.Output;
using Orleans.Coord.Cli.Views;

namespace Orleans.Coord.Cli.Commands;

/// <summary><c>coord leader NAME</c>: one election's leader, term, value, how long it has led, and the candidates in order.</summary>
internal static class LeaderCommand
{
    public static Command Create(CommandRunner runner)
    {
        var name = new Argument<string>("NAME") { Description = "The election name" };
        var command = new Command("leader", "Show an election's leader, term, value and candidates in order") { name };
        runner.SetAction(command, (run, ct) => RunAsync(run, run.Value(name), ct));
        return command;
    }

    private static async Task<int> RunAsync(Invocation run, string name, CancellationToken cancellationToken)
    {
        var info = await run.Inspector.GetElectionAsync(name, cancellationToken)
            ?? throw CliException.NotFound($"no election named '{name}' has a leader or candidates");
        var election = ElectionView.From(info);
        if (run.Printer.Json)
        {
            run.Printer.Document(election);
            return ExitCodes.Success;
        }

        using (var table = run.Printer.Table(LeaderColumns.Headers))
        {
            LeaderColumns.Row(table, election);
        }

        if (election.Candidates.Count > 0)
        {
            run.Printer.Out.WriteLine();
            using var candidates = run.Printer.Table("#", "CANDIDATE", "SESSION", "VALUE");
            foreach (var candidate in election.Candidates)
            {
                candidates.Row($"{candidate.Position}", candidate.MemberId, $"{candidate.SessionId:N}", LeaderColumns.ValueText(candidate.Value, candidate.ValueEncoding));
            }
        }

        return ExitCodes.Success;
    }
}
