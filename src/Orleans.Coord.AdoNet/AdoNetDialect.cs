namespace Orleans.Coord.AdoNet;

/// <summary>
/// The SQL dialects for which Orleans.Coord ships a schema and the Orleans named queries.
/// </summary>
public enum AdoNetDialect
{
    /// <summary>PostgreSQL 11 or later, reached through Npgsql (invariant <see cref="AdoNetInvariants.PostgreSql"/>).</summary>
    PostgreSql = 1,

    /// <summary>MariaDB 10.3+ or MySQL 8.0+, reached through MySqlConnector (invariant <see cref="AdoNetInvariants.MySql"/>).</summary>
    MySql = 2,
}
