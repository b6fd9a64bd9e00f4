using System.Text;

namespace Orleans.Coord.AdoNet.Internal;

/// <summary>
/// Splits an installer script into batches at lines that hold only <c>-- GO</c>
/// (case-insensitive, surrounding white space ignored). Each batch is sent as one command.
/// </summary>
internal static class SqlBatchSplitter
{
    private const string Separator = "-- GO";

    public static IReadOnlyList<string> Split(string script)
    {
        var batches = new List<string>();
        var current = new StringBuilder();
        foreach (var line in script.Split('\n'))
        {
            if (string.Equals(line.Trim(), Separator, StringComparison.OrdinalIgnoreCase))
            {
                AddIfNotEmpty(batches, current);
                current.Clear();
            }
            else
            {
                current.Append(line.TrimEnd('\r')).Append('\n');
            }
        }

        AddIfNotEmpty(batches, current);
        return batches;
    }

    /// <summary>Removes whole-line <c>--</c> comments and blank lines (used for stored query texts).</summary>
    public static string StripLineComments(string sql)
    {
        var kept = sql.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("--", StringComparison.Ordinal));
        return string.Join('\n', kept);
    }

    private static void AddIfNotEmpty(List<string> batches, StringBuilder batch)
    {
        var text = batch.ToString();
        if (StripLineComments(text).Trim().Length > 0)
        {
            batches.Add(text.Trim());
        }
    }
}
