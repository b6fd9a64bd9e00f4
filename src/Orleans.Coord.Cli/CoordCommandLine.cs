using System.CommandLine;
using Orleans.Coord.Cli.Commands;

namespace Orleans.Coord.Cli;

/// <summary>The <c>coord</c> command tree, and how a command line becomes an exit code.</summary>
internal static class CoordCommandLine
{
    /// <summary>How long a command may take to stop after Ctrl+C (it stops its session and disconnects).</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    public static RootCommand Create()
    {
        var globals = new GlobalOptions();
        var runner = new CommandRunner(globals);
        var root = new RootCommand("coord: see and steer Orleans.Coord groups, locks, elections and sessions");
        globals.AddTo(root);
        root.Subcommands.Add(GroupsCommand.Create(runner));
        root.Subcommands.Add(MembersCommand.Create(runner));
        root.Subcommands.Add(WatchCommand.Create(runner));
        root.Subcommands.Add(LocksCommand.Create(runner));
        root.Subcommands.Add(LockCommand.Create(runner));
        root.Subcommands.Add(ElectionsCommand.Create(runner));
        root.Subcommands.Add(LeaderCommand.Create(runner));
        root.Subcommands.Add(ObserveCommand.Create(runner));
        root.Subcommands.Add(SessionsCommand.Create(runner));
        return root;
    }

    /// <summary>Parses and runs; a parse error is one line on stderr and exit code 2.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Create().Parse(args);
        if (parse.Errors.Count > 0)
        {
            Console.Error.WriteLine($"error: {string.Join("; ", parse.Errors.Select(e => e.Message.ReplaceLineEndings(" ")))} (see coord --help)");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = StopTimeout });
    }
}
