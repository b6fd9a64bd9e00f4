using System.CommandLine;
using Orleans.Coord.Cli.Output;
using Orleans.Coord.Cli.Views;

namespace Orleans.Coord.Cli.Commands;

/// <summary><c>coord members GROUP</c>: the group's members, their capabilities and when they joined and updated.</summary>
internal static class MembersCommand
{
    public static Command Create(CommandRunner runner)
    {
        var group = new Argument<string>("GROUP") { Description = "The group name" };
        var command = new Command("members", "List a group's members: capabilities, joined and updated times") { group };
        runner.SetAction(command, (run, ct) => RunAsync(run, run.Value(group), ct));
        return command;
    }

    private static async Task<int> RunAsync(Invocation run, string group, CancellationToken cancellationToken)
    {
        var snapshot = await run.Inspector.GetGroupAsync(group, cancellationToken)
            ?? throw CliException.NotFound($"no group named '{group}'");
        var members = snapshot.Members.Select(MemberView.From).ToList();
        if (run.Printer.Json)
        {
            run.Printer.Document(new GroupMembersView(snapshot.Group, snapshot.Version, members));
            return ExitCodes.Success;
        }

        using var table = run.Printer.Table("MEMBER", "UP", "SESSION", "JOINED", "UPDATED", "CAPABILITIES");
        foreach (var (member, view) in snapshot.Members.Zip(members))
        {
            table.Row(view.MemberId, "yes", $"{view.SessionId:N}", Age.Timestamp(view.JoinedAt), Age.Timestamp(view.UpdatedAt), Payload.Of(member.Capabilities).Text);
        }

        return ExitCodes.Success;
    }
}
