using System.CommandLine;
using Orleans.Coord.Cli.Output;
using Orleans.Coord.Cli.Views;
using Orleans.Coord.Elections;

namespace Orleans.Coord.Cli.Commands;

/// <summary>
/// <c>coord observe NAME</c>: an election's leadership changes as they happen, one line each, until Ctrl+C. An election
/// nobody has campaigned in yet can be observed: its first leader shows when elected.
/// </summary>
internal static class ObserveCommand
{
    public static Command Create(CommandRunner runner)
    {
        var name = new Argument<string>("NAME") { Description = "The election name" };
        var command = new Command("observe", "Print an election's leadership changes as they happen, until Ctrl+C") { name };
        runner.SetAction(command, (run, ct) => RunAsync(run, run.Value(name), ct));
        return command;
    }

    private static async Task<int> RunAsync(Invocation run, string name, CancellationToken cancellationToken)
    {
        Orleans.Coord.Validation.Guard.Name(name, "NAME");
        await using var session = await LiveSession.StartAsync(run, cancellationToken);
        await using var observation = await session.Coordinator.Elections.OpenObservationAsync(name, cancellationToken);
        var leader = observation.Snapshot.Leader is { } current ? $"leader {current.MemberId}, term {current.Term}" : "no leader";
        Console.Error.WriteLine($"observing election '{name}' from version {observation.Snapshot.Version} ({leader}); Ctrl+C to stop");
        await LiveLine.PrintUntilCancelledAsync(observation.ReadEventsAsync(cancellationToken), e => Print(run.Printer, e), cancellationToken);
        return ExitCodes.Success;
    }

    private static void Print(Printer printer, ElectionEvent e)
    {
        if (printer.Json)
        {
            printer.JsonLine(ElectionEventView.From(e));
            return;
        }

        var value = Payload.Of(e.Value, json: false);
        var good = e.Kind switch { ElectionEventKind.Elected => true, ElectionEventKind.ValueChanged => (bool?)null, _ => false };
        var what = e.Kind == ElectionEventKind.ValueChanged ? "value" : e.Kind.ToString().ToLowerInvariant();
        var rest = $"{e.MemberId} term {e.Term} ({e.Reason}){(value.Text.Length > 0 ? "  value " + Commands.LeaderColumns.ValueText(value.Text, value.Encoding) : "")}";
        LiveLine.Write(printer, e.Timestamp, e.Version, what, good, rest, e.IsResync);
    }
}
