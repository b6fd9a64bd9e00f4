using System.CommandLine;
using Orleans.Coord.Cli.Output;
using Orleans.Coord.Cli.Views;

namespace Orleans.Coord.Cli.Commands;

/// <summary><c>coord sessions</c>: the live sessions, their TTL, age, last heartbeat and what each holds.</summary>
internal static class SessionsCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("sessions", "List the live sessions: TTL, age, last heartbeat and what each holds");
        runner.SetAction(command, RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(Invocation run, CancellationToken cancellationToken)
    {
        await run.Printer.ListAsync(
            run.Inspector.ListSessionsAsync(cancellationToken),
            SessionView.From,
            ["MEMBER", "SESSION", "STATUS", "TTL", "AGE", "HEARTBEAT", "HOLDS"],
            (table, session) => table.Row(
                session.MemberId,
                $"{session.SessionId:N}",
                $"{session.Status}".ToLowerInvariant(),
                Age.Format(session.Ttl),
                Age.Format(Age.Since(session.StartedAt)),
                $"{Age.Format(Age.Since(session.LastHeartbeatAt))} ago",
                session.Resources.Count == 0 ? "-" : string.Join(" ", session.Resources.Select(r => $"{r.Kind}:{r.Name}"))));
        return ExitCodes.Success;
    }
}
