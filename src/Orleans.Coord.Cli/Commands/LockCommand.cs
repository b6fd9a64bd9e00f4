using System.CommandLine;
using Orleans.Coord.Cli.Output;
using Orleans.Coord.Cli.Views;

namespace Orleans.Coord.Cli.Commands;

/// <summary>
/// <c>coord lock NAME</c>: one lock's holders and its queue in order, for each kind in use under that name (without a
/// name, every lock, as <c>coord locks</c>). Its subcommand <c>break</c> is <see cref="BreakLockCommand"/>.
/// </summary>
internal static class LockCommand
{
    public static Command Create(CommandRunner runner)
    {
        var name = new Argument<string?>("NAME") { Description = "The lock name (without it: every lock in use)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("lock", "Show one lock's holders and queue in order; 'lock break NAME' breaks it") { name };
        command.Subcommands.Add(BreakLockCommand.Create(runner));
        runner.SetAction(command, (run, ct) => run.Value(name) is { } lockName ? ShowAsync(run, lockName, ct) : LocksCommand.ListAsync(run, run.Inspector.ListLocksAsync(ct)));
        return command;
    }

    private static async Task<int> ShowAsync(Invocation run, string name, CancellationToken cancellationToken)
    {
        var kinds = await run.Inspector.GetLockAsync(name, cancellationToken);
        if (kinds.Count == 0)
        {
            throw CliException.NotFound($"no lock, semaphore or reader-writer lock named '{name}' is held or waited for");
        }

        if (run.Printer.Json)
        {
            run.Printer.Document(kinds.Select(LockView.From).ToList());
            return ExitCodes.Success;
        }

        var first = true;
        foreach (var info in kinds)
        {
            if (!first)
            {
                run.Printer.Out.WriteLine();
            }

            first = false;
            using (var table = run.Printer.Table(HolderColumns.Headers))
            {
                HolderColumns.Rows(table, info);
            }

            if (info.Waiters.Count > 0)
            {
                run.Printer.Out.WriteLine();
                using var queue = run.Printer.Table("#", "WAITER", "SESSION", "PERMITS");
                foreach (var waiter in WaiterView.From(info.Waiters))
                {
                    queue.Row($"{waiter.Position}", waiter.MemberId, $"{waiter.SessionId:N}", $"{waiter.Permits}");
                }
            }
        }

        return ExitCodes.Success;
    }
}
