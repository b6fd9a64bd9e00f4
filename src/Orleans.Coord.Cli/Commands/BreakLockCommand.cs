using System.CommandLine;
using Orleans.Coord.Cli.Output;
using Orleans.Coord.Cli.Views;

namespace Orleans.Coord.Cli.Commands;

/// <summary>
/// <c>coord lock break NAME</c>: ends the exclusive lock's current hold (its holder's <c>Lost</c> fires, the next
/// waiter is granted), after a y/N confirmation on stdin unless <c>--yes</c>.
/// </summary>
internal static class BreakLockCommand
{
    public static Command Create(CommandRunner runner)
    {
        var name = new Argument<string>("NAME") { Description = "The exclusive lock's name" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var command = new Command("break", "Break an exclusive lock: its holder loses it and the next waiter gets it") { name, yes };
        runner.SetAction(command, (run, ct) => RunAsync(run, run.Value(name), run.Value(yes), ct));
        return command;
    }

    private static async Task<int> RunAsync(Invocation run, string name, bool yes, CancellationToken cancellationToken)
    {
        if (!yes)
        {
            var kinds = await run.Inspector.GetLockAsync(name, cancellationToken);
            var holder = kinds.FirstOrDefault(k => k.Kind == "lock")?.Holders.FirstOrDefault()
                ?? throw CliException.Refused($"the lock '{name}' is free: nothing to break");
            Console.Error.Write($"break lock '{name}' held by {holder.MemberId} (session {holder.SessionId:N}, token {holder.Token}, for {Age.Format(Age.Since(holder.GrantedAt))})? [y/N] ");
            var answer = (await Console.In.ReadLineAsync(cancellationToken))?.Trim();
            if (answer is null || Console.IsInputRedirected)
            {
                // No echo of the answer ended the prompt's line.
                Console.Error.WriteLine();
            }

            if (!string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) && !string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase))
            {
                throw CliException.Refused("not confirmed: nothing was broken");
            }
        }

        var broken = await run.Inspector.BreakLockAsync(name, cancellationToken)
            ?? throw CliException.Refused($"the lock '{name}' is free: nothing to break");
        var view = BrokenLockView.From(name, broken);
        if (run.Printer.Json)
        {
            run.Printer.Document(view);
        }
        else
        {
            run.Printer.Out.WriteLine($"broke lock '{name}': holder {view.MemberId} (session {view.SessionId:N}), token {view.Token}, held {Age.Format(Age.Since(view.GrantedAt))}");
        }

        return ExitCodes.Success;
    }
}
