using Orleans.Coord.Cli.Output;
using Orleans.Coord.Inspection;

namespace Orleans.Coord.Cli.Views;

/// <summary>A current grant of a lock, semaphore or reader-writer lock.</summary>
internal sealed record HolderView(string MemberId, Guid SessionId, long Token, int Permits, DateTimeOffset GrantedAt, double HeldSeconds)
{
    public static HolderView From(LeaseHolderInfo holder) =>
        new(holder.MemberId, holder.SessionId, holder.Token, holder.Permits, holder.GrantedAt, Age.Seconds(Age.Since(holder.GrantedAt)));
}
