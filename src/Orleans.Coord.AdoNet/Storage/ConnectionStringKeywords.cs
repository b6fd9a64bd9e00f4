using System.Data.Common;

namespace Orleans.Coord.AdoNet.Storage;

/// <summary>Reads which settings a connection string gives, so that the state data sources keep them over their own defaults.</summary>
internal static class ConnectionStringKeywords
{
    /// <summary>Whether <paramref name="given"/> names one of the keywords, spelled any way the connectors accept (case and spaces ignored).</summary>
    /// <param name="given">The connection string as given.</param>
    /// <param name="compactKeywords">The keyword's spellings in lower case without spaces.</param>
    public static bool Sets(DbConnectionStringBuilder given, params string[] compactKeywords) =>
        given.Keys.Cast<string>().Any(k => compactKeywords.Contains(k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()));
}
