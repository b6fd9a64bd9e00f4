using MySqlConnector;
using Npgsql;

namespace Orleans.Coord.AdoNet;

/// <summary>
/// The database server settings under which a write the server acknowledged can be lost, and with it a grant or a term
/// that was answered: a fencing token or a term could then be given out twice (docs/design.md, rule 1). The silo logs
/// each one as a warning when it starts; it does not refuse to start.
/// <list type="bullet">
/// <item>PostgreSQL <c>fsync=off</c>: an operating-system crash or a power loss loses acknowledged commits.</item>
/// <item>PostgreSQL <c>synchronous_commit=off</c>: a crash of the server loses its last acknowledged commits. The
/// coordination state's own connections commit synchronously regardless; Orleans' clustering and reminder tables do not.</item>
/// <item>MySQL/MariaDB <c>innodb_flush_log_at_trx_commit</c> 0 (a crash of the server loses about a second of
/// acknowledged commits) or 2 (an operating-system crash does).</item>
/// </list>
/// </summary>
internal static class AdoNetDurability
{
    /// <summary>One sentence per risky setting of the server behind <paramref name="connectionString"/>; empty when none.</summary>
    /// <exception cref="System.Data.Common.DbException">The server refused the connection or the query.</exception>
    public static Task<IReadOnlyList<string>> RisksAsync(AdoNetDialect dialect, string connectionString, CancellationToken cancellationToken) =>
        dialect switch
        {
            AdoNetDialect.PostgreSql => PostgreSqlRisksAsync(connectionString, cancellationToken),
            AdoNetDialect.MySql => MySqlRisksAsync(connectionString, cancellationToken),
            _ => throw AdoNetInvariants.UnknownDialect(dialect),
        };

    private static async Task<IReadOnlyList<string>> PostgreSqlRisksAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT current_setting('fsync'), current_setting('synchronous_commit')", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var risks = new List<string>();
        if (reader.GetString(0) == "off")
        {
            risks.Add("fsync is off: an operating-system crash or a power loss can lose writes the server acknowledged, so a fencing token or a term could be given out twice");
        }

        if (reader.GetString(1) == "off")
        {
            risks.Add("synchronous_commit is off: a crash of the server loses its last acknowledged commits; the coordination state's connections commit synchronously regardless, Orleans' clustering and reminder tables do not");
        }

        return risks;
    }

    private static async Task<IReadOnlyList<string>> MySqlRisksAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new MySqlCommand("SELECT @@innodb_flush_log_at_trx_commit", connection);
        var flush = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        return flush switch
        {
            0 => ["innodb_flush_log_at_trx_commit is 0: a crash of the server loses about a second of writes it acknowledged, so a fencing token or a term could be given out twice"],
            2 => ["innodb_flush_log_at_trx_commit is 2: an operating-system crash or a power loss can lose about a second of writes the server acknowledged, so a fencing token or a term could be given out twice"],
            _ => [],
        };
    }
}
