using Orleans.Coord.Cli.Output;
using Orleans.Coord.Cli.Views;

namespace Orleans.Coord.Cli.Commands;

/// <summary>The columns of an election listing: the leader, its term, how long it has led, its value, and the candidates in order.</summary>
internal static class LeaderColumns
{
    public static readonly string[] Headers = ["ELECTION", "LEADER", "TERM", "LED", "CANDIDATES", "VALUE"];

    public static void Row(TableWriter table, ElectionView election)
    {
        var candidates = election.Candidates.Count == 0 ? "-" : string.Join(",", election.Candidates.Select(c => c.MemberId));
        if (election.Leader is { } leader)
        {
            table.Row(election.Name, leader.MemberId, $"{leader.Term}", Age.Format(TimeSpan.FromSeconds(leader.LedSeconds)), candidates, ValueText(leader.Value, leader.ValueEncoding));
        }
        else
        {
            table.Row(election.Name, "-", "-", "-", candidates, "");
        }
    }

    /// <summary>A value as a cell: text as it is, base64 marked as such.</summary>
    public static string ValueText(string? value, string encoding) => encoding == "base64" ? $"base64:{value}" : value ?? "";
}
