using Orleans.Coord.Cli.Output;
using Orleans.Coord.Inspection;

namespace Orleans.Coord.Cli.Commands;

/// <summary>The columns of a lock listing: one row per holder, with the queue length on each.</summary>
internal static class HolderColumns
{
    public static readonly string[] Headers = ["KIND", "NAME", "HOLDER", "SESSION", "TOKEN", "PERMITS", "HELD", "QUEUE"];

    public static void Rows(TableWriter table, LeaseQueueInfo info)
    {
        var queue = $"{info.Waiters.Count}";
        if (info.Holders.Count == 0)
        {
            table.Row(info.Kind, info.Name, "-", "-", "-", "-", "-", queue);
        }

        foreach (var holder in info.Holders)
        {
            table.Row(info.Kind, info.Name, holder.MemberId, $"{holder.SessionId:N}", $"{holder.Token}", $"{holder.Permits}/{info.Capacity}", Age.Format(Age.Since(holder.GrantedAt)), queue);
        }
    }
}
