using Orleans.Coord.Cli.Output;
using Orleans.Coord.Inspection;

namespace Orleans.Coord.Cli.Views;

/// <summary><c>coord lock break NAME --json</c>: the grant that was broken.</summary>
internal sealed record BrokenLockView(string Name, string MemberId, Guid SessionId, long Token, DateTimeOffset GrantedAt, double HeldSeconds)
{
    public static BrokenLockView From(string name, LeaseHolderInfo holder) =>
        new(name, holder.MemberId, holder.SessionId, holder.Token, holder.GrantedAt, Age.Seconds(Age.Since(holder.GrantedAt)));
}
