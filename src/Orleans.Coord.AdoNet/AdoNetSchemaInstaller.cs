using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using Npgsql;
using Orleans.Coord.AdoNet.Internal;

namespace Orleans.Coord.AdoNet;

/// <summary>
/// Creates, when missing, the tables and the Orleans named queries (rows of <c>OrleansQuery</c>) that the
/// Orleans ADO.NET clustering, grain persistence and reminder providers need, for PostgreSQL or MySQL/MariaDB.
/// </summary>
/// <remarks>
/// <para>
/// The installer is idempotent and safe to run concurrently: every run takes a database-wide lock
/// (PostgreSQL: a transaction-scoped advisory lock; MySQL/MariaDB: <c>GET_LOCK</c> on a name derived from the database),
/// reads the schema version recorded in table <c>OrleansCoordSchema</c>, and changes nothing when that version
/// is already <see cref="SchemaVersion"/> (or newer). Otherwise it creates the tables (<c>IF NOT EXISTS</c>),
/// (re)creates the stored procedures (MySQL only), upserts every named query and records the version last.
/// </para>
/// <para>
/// The tables are <c>OrleansQuery</c>, <c>OrleansCoordSchema</c>, <c>OrleansCoordMembershipVersion</c>,
/// <c>OrleansCoordMembership</c>, <c>OrleansCoordStorage</c>, <c>OrleansCoordReminders</c> and
/// <c>OrleansCoordGrainState</c> (the grain state of Orleans.Coord's own storage provider), created in the
/// connection's default schema (PostgreSQL: the first schema of <c>search_path</c>; MySQL: the connection's database).
/// The connecting user needs the right to create tables (and, on MySQL, stored procedures).
/// </para>
/// </remarks>
public sealed partial class AdoNetSchemaInstaller
{
    /// <summary>The schema version this installer creates.</summary>
    public const int SchemaVersion = 4;

    /// <summary>The longest accepted <see cref="LockTimeout"/>.</summary>
    public static readonly TimeSpan MaxLockTimeout = TimeSpan.FromHours(1);

    /// <summary>The default <see cref="LockTimeout"/>: one minute.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(1);

    private readonly ILogger logger;

    /// <summary>Creates an installer.</summary>
    /// <param name="logger">Receives one line per run (installed, already current, or newer present); optional.</param>
    /// <param name="lockTimeout">
    /// How long a run waits for a concurrent run to release the installer lock before failing with
    /// <see cref="TimeoutException"/>. Default <see cref="DefaultLockTimeout"/>; must be positive and at most <see cref="MaxLockTimeout"/>.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lockTimeout"/> is not positive or exceeds <see cref="MaxLockTimeout"/>.</exception>
    public AdoNetSchemaInstaller(ILogger<AdoNetSchemaInstaller>? logger = null, TimeSpan? lockTimeout = null)
    {
        var timeout = lockTimeout ?? DefaultLockTimeout;
        if (timeout <= TimeSpan.Zero || timeout > MaxLockTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(lockTimeout), timeout, $"The lock timeout must be greater than zero and at most {MaxLockTimeout}.");
        }

        this.logger = logger ?? (ILogger)NullLogger.Instance;
        LockTimeout = timeout;
    }

    /// <summary>How long a run waits for the installer lock held by a concurrent run.</summary>
    public TimeSpan LockTimeout { get; }

    /// <summary>The Orleans query keys this installer stores in <c>OrleansQuery</c> for <paramref name="dialect"/>, in ordinal order.</summary>
    /// <param name="dialect">The SQL dialect.</param>
    /// <returns>The keys (clustering, grain persistence and reminders).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dialect"/> is not a defined <see cref="AdoNetDialect"/>.</exception>
    public static IReadOnlyCollection<string> GetQueryKeys(AdoNetDialect dialect) =>
        SchemaScripts.Load(dialect).Queries.Keys.ToArray();

    /// <summary>
    /// Makes sure the database behind <paramref name="connectionString"/> holds schema version <see cref="SchemaVersion"/>,
    /// creating it when missing. Safe to call repeatedly and concurrently (see the type remarks).
    /// </summary>
    /// <param name="dialect">Which database the connection string is for.</param>
    /// <param name="connectionString">
    /// An Npgsql connection string (PostgreSQL) or a MySqlConnector connection string naming a database (MySQL/MariaDB).
    /// It is never logged nor put in exception messages.
    /// </param>
    /// <param name="cancellationToken">
    /// Cancels the run; a cancelled PostgreSQL run rolls back entirely, a cancelled MySQL run leaves whatever DDL
    /// already ran (the next run completes it).
    /// </param>
    /// <returns>What was found and done.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dialect"/> is not a defined <see cref="AdoNetDialect"/>.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="connectionString"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="connectionString"/> is empty, cannot be parsed for <paramref name="dialect"/>, or (MySQL) names no database.
    /// </exception>
    /// <exception cref="TimeoutException">Another run held the installer lock for longer than <see cref="LockTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="System.Data.Common.DbException">The database refused a connection or a statement.</exception>
    public async Task<AdoNetSchemaStatus> EnsureSchemaAsync(AdoNetDialect dialect, string connectionString, CancellationToken cancellationToken)
    {
        var writer = CreateWriter(dialect);
        ValidateConnectionString(dialect, connectionString);
        cancellationToken.ThrowIfCancellationRequested();

        var scripts = SchemaScripts.Load(dialect);
        var (status, previous) = await writer
            .InstallAsync(connectionString, scripts, SchemaVersion, LockTimeout, cancellationToken)
            .ConfigureAwait(false);

        switch (status)
        {
            case AdoNetSchemaStatus.Installed:
                LogInstalled(dialect, SchemaVersion, previous, scripts.Queries.Count);
                break;
            case AdoNetSchemaStatus.AlreadyCurrent:
                LogAlreadyCurrent(dialect, SchemaVersion);
                break;
            default:
                LogNewerPresent(dialect, previous, SchemaVersion);
                break;
        }

        return status;
    }

    private static DialectSchemaWriter CreateWriter(AdoNetDialect dialect) => dialect switch
    {
        AdoNetDialect.PostgreSql => new PostgreSqlSchemaWriter(),
        AdoNetDialect.MySql => new MySqlSchemaWriter(),
        _ => throw AdoNetInvariants.UnknownDialect(dialect),
    };

    private static void ValidateConnectionString(AdoNetDialect dialect, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("The connection string must not be empty.", nameof(connectionString));
        }

        string? database;
        try
        {
            database = dialect == AdoNetDialect.PostgreSql
                ? new NpgsqlConnectionStringBuilder(connectionString).Database
                : new MySqlConnectionStringBuilder(connectionString).Database;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            // The connectors' messages name the offending keyword, never a value, so they are safe to surface.
            throw new ArgumentException($"The connection string is not a valid {dialect} connection string: {e.Message}", nameof(connectionString), e);
        }

        if (dialect == AdoNetDialect.MySql && string.IsNullOrWhiteSpace(database))
        {
            throw new ArgumentException("The MySQL connection string must name a database (Database=...).", nameof(connectionString));
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Installed Orleans.Coord ADO.NET schema version {Version} for {Dialect} (previous version: {PreviousVersion}; {QueryCount} named queries)")]
    private partial void LogInstalled(AdoNetDialect dialect, int version, int? previousVersion, int queryCount);

    [LoggerMessage(2, LogLevel.Debug, "Orleans.Coord ADO.NET schema for {Dialect} is already at version {Version}")]
    private partial void LogAlreadyCurrent(AdoNetDialect dialect, int version);

    [LoggerMessage(3, LogLevel.Warning, "Orleans.Coord ADO.NET schema for {Dialect} is at version {InstalledVersion}, newer than this installer's {Version}; left unchanged")]
    private partial void LogNewerPresent(AdoNetDialect dialect, int? installedVersion, int version);
}
