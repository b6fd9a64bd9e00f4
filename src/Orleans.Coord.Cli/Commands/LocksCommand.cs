using System.CommandLine;
using Orleans.Coord.Cli.Output;
using Orleans.Coord.Cli.Views;
using Orleans.Coord.Inspection;

namespace Orleans.Coord.Cli.Commands;

/// <summary><c>coord locks</c>: every exclusive lock, semaphore and reader-writer lock that has a holder or waiters.</summary>
internal static class LocksCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("locks", "List every lock, semaphore and reader-writer lock with a holder or waiters");
        runner.SetAction(command, (run, ct) => ListAsync(run, run.Inspector.ListLocksAsync(ct)));
        return command;
    }

    /// <summary>Prints the locks as they come: one row per holder (a row with no holder when only waiters remain).</summary>
    public static async Task<int> ListAsync(Invocation run, IAsyncEnumerable<LeaseQueueInfo> locks)
    {
        await run.Printer.ListAsync(locks, LockView.From, HolderColumns.Headers, HolderColumns.Rows);
        return ExitCodes.Success;
    }
}
