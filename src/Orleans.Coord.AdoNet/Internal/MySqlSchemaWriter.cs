using System.Globalization;
using MySqlConnector;

namespace Orleans.Coord.AdoNet.Internal;

/// <summary>
/// Installs the MySQL/MariaDB schema while holding the named lock <c>OrleansCoord.Schema:&lt;digest of the database name&gt;</c>
/// (<c>GET_LOCK</c>). MySQL DDL commits implicitly, so the version row is written last: an install that
/// fails half way is completed by the next run (all statements are idempotent).
/// </summary>
internal sealed class MySqlSchemaWriter : DialectSchemaWriter
{
    public override async Task<(AdoNetSchemaStatus Status, int? PreviousVersion)> InstallAsync(
        string connectionString,
        SchemaScripts scripts,
        int targetVersion,
        TimeSpan lockTimeout,
        CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

        var lockName = LockNameFor(connection.Database);
        await AcquireLockAsync(connection, lockName, lockTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            var installed = await ReadInstalledVersionAsync(connection, cancellationToken).ConfigureAwait(false);
            if (installed >= targetVersion)
            {
                return (installed == targetVersion ? AdoNetSchemaStatus.AlreadyCurrent : AdoNetSchemaStatus.NewerVersionPresent, installed);
            }

            foreach (var batch in scripts.SchemaBatches)
            {
                await using var command = new MySqlCommand(batch, connection);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var (key, text) in scripts.Queries)
            {
                await using var upsert = new MySqlCommand(
                    "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (@key, @text) " +
                    "ON DUPLICATE KEY UPDATE QueryText = VALUES(QueryText)",
                    connection);
                upsert.Parameters.AddWithValue("@key", key);
                upsert.Parameters.AddWithValue("@text", text);
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var version = new MySqlCommand(
                "INSERT INTO OrleansCoordSchema (Component, Version, InstalledOn) VALUES (@component, @version, UTC_TIMESTAMP(3)) " +
                "ON DUPLICATE KEY UPDATE Version = VALUES(Version), InstalledOn = VALUES(InstalledOn)",
                connection))
            {
                version.Parameters.AddWithValue("@component", Component);
                version.Parameters.AddWithValue("@version", targetVersion);
                await version.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return (AdoNetSchemaStatus.Installed, installed);
        }
        finally
        {
            // Released explicitly so a pooled connection does not keep it; closing the session would also release it.
            await using var release = new MySqlCommand("SELECT RELEASE_LOCK(@name)", connection);
            release.Parameters.AddWithValue("@name", lockName);
            await release.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// MySQL named locks are server-wide, so the lock name carries the database: installers of different databases on
    /// one server do not wait for each other. Names are limited to 64 characters, hence a digest of the database name.
    /// </summary>
    internal static string LockNameFor(string database) =>
        $"{LockName}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(database)))[..24]}";

    private static async Task AcquireLockAsync(MySqlConnection connection, string lockName, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand("SELECT GET_LOCK(@name, @seconds)", connection);
        command.Parameters.AddWithValue("@name", lockName);
        command.Parameters.AddWithValue("@seconds", (int)Math.Ceiling(lockTimeout.TotalSeconds));
        command.CommandTimeout = (int)Math.Ceiling(lockTimeout.TotalSeconds) + 30;
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        if (result is null or DBNull)
        {
            throw new InvalidOperationException($"GET_LOCK('{lockName}') returned NULL (the server reported an error while waiting for the lock).");
        }

        if (Convert.ToInt64(result, CultureInfo.InvariantCulture) != 1)
        {
            throw LockTimeout(lockTimeout);
        }
    }

    private static async Task<int?> ReadInstalledVersionAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var exists = new MySqlCommand(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'OrleansCoordSchema'",
            connection))
        {
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
            {
                return null;
            }
        }

        await using var read = new MySqlCommand("SELECT Version FROM OrleansCoordSchema WHERE Component = @component", connection);
        read.Parameters.AddWithValue("@component", Component);
        var value = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }
}
