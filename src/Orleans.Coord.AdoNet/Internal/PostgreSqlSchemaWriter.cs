using System.Globalization;
using Npgsql;

namespace Orleans.Coord.AdoNet.Internal;

/// <summary>
/// Installs the PostgreSQL schema in a single transaction that holds a transaction-scoped advisory lock.
/// PostgreSQL DDL is transactional, so an install either completes or leaves nothing behind.
/// </summary>
internal sealed class PostgreSqlSchemaWriter : DialectSchemaWriter
{
    // A fixed 64-bit key for pg_advisory_xact_lock, derived from LockName so it is stable across versions.
    internal static readonly long AdvisoryLockKey = BitConverter.ToInt64(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(LockName)), 0);

    public override async Task<(AdoNetSchemaStatus Status, int? PreviousVersion)> InstallAsync(
        string connectionString,
        SchemaScripts scripts,
        int targetVersion,
        TimeSpan lockTimeout,
        CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // lock_timeout bounds the wait for the advisory lock and for any table lock the DDL needs.
        var timeoutMs = ((long)Math.Ceiling(lockTimeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        await ExecuteAsync(connection, transaction, $"SET LOCAL lock_timeout = {timeoutMs}", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey.ToString(CultureInfo.InvariantCulture)})", cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            throw LockTimeout(lockTimeout);
        }

        var installed = await ReadInstalledVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (installed >= targetVersion)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (installed == targetVersion ? AdoNetSchemaStatus.AlreadyCurrent : AdoNetSchemaStatus.NewerVersionPresent, installed);
        }

        foreach (var batch in scripts.SchemaBatches)
        {
            await ExecuteAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (key, text) in scripts.Queries)
        {
            await using var upsert = new NpgsqlCommand(
                "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (@key, @text) " +
                "ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText",
                connection,
                transaction);
            upsert.Parameters.AddWithValue("key", key);
            upsert.Parameters.AddWithValue("text", text);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var version = new NpgsqlCommand(
            "INSERT INTO OrleansCoordSchema (Component, Version, InstalledOn) VALUES (@component, @version, now()) " +
            "ON CONFLICT (Component) DO UPDATE SET Version = EXCLUDED.Version, InstalledOn = EXCLUDED.InstalledOn",
            connection,
            transaction))
        {
            version.Parameters.AddWithValue("component", Component);
            version.Parameters.AddWithValue("version", targetVersion);
            await version.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (AdoNetSchemaStatus.Installed, installed);
    }

    private static async Task<int?> ReadInstalledVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('orleanscoordschema') IS NOT NULL", connection, transaction))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return null;
            }
        }

        await using var read = new NpgsqlCommand("SELECT Version FROM OrleansCoordSchema WHERE Component = @component", connection, transaction);
        read.Parameters.AddWithValue("component", Component);
        var value = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
