using System.CommandLine;
using Orleans.Coord.Cli.Output;
using Orleans.Coord.Cli.Views;
using Orleans.Coord.Groups;

namespace Orleans.Coord.Cli.Commands;

/// <summary><c>coord watch GROUP</c>: the group's changes as they happen, one line each, until Ctrl+C.</summary>
internal static class WatchCommand
{
    public static Command Create(CommandRunner runner)
    {
        var group = new Argument<string>("GROUP") { Description = "The group name" };
        var command = new Command("watch", "Print a group's joins, leaves, expiries and updates as they happen, until Ctrl+C") { group };
        runner.SetAction(command, (run, ct) => RunAsync(run, run.Value(group), ct));
        return command;
    }

    private static async Task<int> RunAsync(Invocation run, string group, CancellationToken cancellationToken)
    {
        Orleans.Coord.Validation.Guard.Name(group, "GROUP");
        await using var session = await LiveSession.StartAsync(run, cancellationToken);
        Client.IGroupWatch watch;
        try
        {
            watch = await session.Coordinator.Groups.OpenWatchAsync(group, cancellationToken);
        }
        catch (GroupNotFoundException)
        {
            throw CliException.NotFound($"no group named '{group}'");
        }

        await using (watch)
        {
            Console.Error.WriteLine($"watching group '{group}' from version {watch.Snapshot.Version} ({watch.Snapshot.Members.Count} members); Ctrl+C to stop");
            if (await LiveLine.PrintUntilCancelledAsync(watch.ReadEventsAsync(cancellationToken), e => Print(run.Printer, e), cancellationToken))
            {
                Console.Error.WriteLine($"group '{group}' was deleted");
            }
        }

        return ExitCodes.Success;
    }

    private static void Print(Printer printer, GroupEvent e)
    {
        if (printer.Json)
        {
            printer.JsonLine(GroupEventView.From(e));
            return;
        }

        var capabilities = Payload.Of(e.Capabilities);
        var good = e.Kind switch { GroupEventKind.Joined => true, GroupEventKind.Left or GroupEventKind.Expired => (bool?)false, _ => null };
        var rest = $"{e.MemberId} ({e.Reason}){(capabilities.Text.Length > 0 ? "  " + capabilities.Text : "")}";
        var what = e.Kind == GroupEventKind.CapabilitiesUpdated ? "updated" : e.Kind.ToString().ToLowerInvariant();
        LiveLine.Write(printer, e.Timestamp, e.Version, what, good, rest, e.IsResync);
    }
}
