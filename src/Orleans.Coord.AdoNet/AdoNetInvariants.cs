namespace Orleans.Coord.AdoNet;

/// <summary>
/// The ADO.NET invariant names to pass as <c>Invariant</c> to the Orleans ADO.NET providers
/// (<c>UseAdoNetClustering</c>, <c>AddAdoNetGrainStorage</c>, <c>UseAdoNetReminderService</c>).
/// </summary>
/// <remarks>
/// Orleans resolves an invariant to a <see cref="System.Data.Common.DbProviderFactory"/> by loading
/// an assembly by name, so nothing has to be registered: referencing this package deploys both
/// connector assemblies (Npgsql and MySqlConnector) next to the application.
/// </remarks>
public static class AdoNetInvariants
{
    /// <summary>The invariant Orleans maps to Npgsql's <c>NpgsqlFactory</c>.</summary>
    public const string PostgreSql = "Npgsql";

    /// <summary>
    /// The invariant Orleans maps to MySqlConnector's <c>MySqlConnectorFactory</c> (not to Oracle's
    /// MySql.Data, whose invariant is <c>MySql.Data.MySqlClient</c>).
    /// </summary>
    public const string MySql = "MySql.Data.MySqlConnector";

    /// <summary>Returns the invariant name for <paramref name="dialect"/>.</summary>
    /// <param name="dialect">The SQL dialect.</param>
    /// <returns><see cref="PostgreSql"/> or <see cref="MySql"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dialect"/> is not a defined <see cref="AdoNetDialect"/>.</exception>
    public static string For(AdoNetDialect dialect) => dialect switch
    {
        AdoNetDialect.PostgreSql => PostgreSql,
        AdoNetDialect.MySql => MySql,
        _ => throw UnknownDialect(dialect),
    };

    internal static ArgumentOutOfRangeException UnknownDialect(AdoNetDialect dialect, string paramName = "dialect") =>
        new(paramName, dialect, $"Unknown dialect; expected {nameof(AdoNetDialect.PostgreSql)} or {nameof(AdoNetDialect.MySql)}.");
}
