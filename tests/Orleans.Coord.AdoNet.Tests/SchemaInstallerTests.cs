using System.Text;
using Orleans.Coord.AdoNet.Internal;
using Xunit;

namespace Orleans.Coord.AdoNet.Tests;

/// <summary>The installer against a real server of each dialect (see the concrete subclasses).</summary>
public abstract class SchemaInstallerTests<TFixture>(TFixture fixture)
    where TFixture : BackendFixture
{
    /// <summary>The dialect's server, for the tests of one dialect.</summary>
    protected TFixture Fixture => fixture;

    private static readonly string[] Tables =
    [
        "OrleansQuery", "OrleansCoordSchema", "OrleansCoordMembershipVersion", "OrleansCoordMembership", "OrleansCoordStorage", "OrleansCoordReminders", "OrleansCoordGrainState",
    ];

    [Fact]
    public async Task Fresh_database_gets_every_table_and_every_query_the_providers_read()
    {
        var database = await fixture.CreateDatabaseAsync();

        var status = await new AdoNetSchemaInstaller().EnsureSchemaAsync(fixture.Dialect, database, CancellationToken.None);

        Assert.Equal(AdoNetSchemaStatus.Installed, status);
        var keys = await fixture.ColumnAsync(database, "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey");
        Assert.Equal(OrleansQueryContract.All, keys.Order(StringComparer.Ordinal));
        foreach (var table in Tables)
        {
            Assert.NotNull(await fixture.ScalarAsync(database, $"SELECT COUNT(*) FROM {table}"));
        }

        Assert.Equal(AdoNetSchemaInstaller.SchemaVersion.ToString(), Convert.ToString(await fixture.ScalarAsync(database, "SELECT Version FROM OrleansCoordSchema WHERE Component = 'Orleans.Coord.AdoNet'")));
    }

    /// <summary>Version 1 had no grain state table (PostgreSQL added it in version 2, MySQL/MariaDB in version 4).</summary>
    [Fact]
    public async Task A_version_1_database_gets_the_grain_state_table_and_the_current_version()
    {
        var database = await Fixture.CreateDatabaseAsync();
        var installer = new AdoNetSchemaInstaller();
        await installer.EnsureSchemaAsync(Fixture.Dialect, database, CancellationToken.None);
        await Fixture.ScalarAsync(database, "DROP TABLE OrleansCoordGrainState");
        await Fixture.ScalarAsync(database, "UPDATE OrleansCoordSchema SET Version = 1");

        var status = await installer.EnsureSchemaAsync(Fixture.Dialect, database, CancellationToken.None);

        Assert.Equal(AdoNetSchemaStatus.Installed, status);
        Assert.Equal(0L, await Fixture.ScalarAsync(database, "SELECT COUNT(*) FROM OrleansCoordGrainState"));
        Assert.Equal(AdoNetSchemaInstaller.SchemaVersion, Convert.ToInt32(await Fixture.ScalarAsync(database, "SELECT Version FROM OrleansCoordSchema")));
    }

    [Fact]
    public async Task Second_run_finds_the_schema_current_and_changes_nothing()
    {
        var database = await fixture.CreateDatabaseAsync();
        var installer = new AdoNetSchemaInstaller();
        await installer.EnsureSchemaAsync(fixture.Dialect, database, CancellationToken.None);
        var queriesBefore = await fixture.ColumnAsync(database, "SELECT QueryText FROM OrleansQuery ORDER BY QueryKey");

        var second = await installer.EnsureSchemaAsync(fixture.Dialect, database, CancellationToken.None);
        var onClusterDatabase = await installer.EnsureSchemaAsync(fixture.Dialect, fixture.ConnectionString, CancellationToken.None);

        Assert.Equal(AdoNetSchemaStatus.AlreadyCurrent, second);
        Assert.Equal(AdoNetSchemaStatus.AlreadyCurrent, onClusterDatabase);
        Assert.Equal(queriesBefore, await fixture.ColumnAsync(database, "SELECT QueryText FROM OrleansQuery ORDER BY QueryKey"));
    }

    [Fact]
    public async Task The_servers_backend_URL_translates_into_a_working_connection_string()
    {
        var parsed = AdoNetConnectionUrl.Parse(fixture.Url);

        Assert.Equal(fixture.Dialect, parsed.Dialect);
        Assert.Equal(fixture.Invariant, parsed.Invariant);
        Assert.Equal(AdoNetSchemaStatus.AlreadyCurrent, await new AdoNetSchemaInstaller().EnsureSchemaAsync(parsed.Dialect, parsed.ConnectionString, CancellationToken.None));
        Assert.Equal("1", Convert.ToString(await fixture.ScalarAsync(parsed.ConnectionString, "SELECT 1")));
    }

    [Fact]
    public async Task Concurrent_runs_are_serialised_and_exactly_one_installs()
    {
        var database = await fixture.CreateDatabaseAsync();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => new AdoNetSchemaInstaller().EnsureSchemaAsync(fixture.Dialect, database, CancellationToken.None))));

        Assert.Single(statuses, s => s == AdoNetSchemaStatus.Installed);
        Assert.Equal(3, statuses.Count(s => s == AdoNetSchemaStatus.AlreadyCurrent));
        Assert.Equal(OrleansQueryContract.All.Count(), Convert.ToInt32(await fixture.ScalarAsync(database, "SELECT COUNT(*) FROM OrleansQuery")));
    }

    [Fact]
    public async Task Installs_over_a_database_that_already_has_part_of_the_schema_and_foreign_queries()
    {
        var database = await fixture.CreateDatabaseAsync();
        await using (var connection = await fixture.OpenAsync(database))
        {
            await using var command = connection.CreateCommand();
            command.CommandText =
                "CREATE TABLE OrleansQuery (QueryKey varchar(64) NOT NULL PRIMARY KEY, QueryText varchar(8000) NOT NULL);" +
                "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', 'SELECT 1'), ('SomeOtherKey', 'SELECT 2');";
            await command.ExecuteNonQueryAsync();
        }

        var status = await new AdoNetSchemaInstaller().EnsureSchemaAsync(fixture.Dialect, database, CancellationToken.None);

        Assert.Equal(AdoNetSchemaStatus.Installed, status);
        var gateways = Convert.ToString(await fixture.ScalarAsync(database, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'GatewaysQueryKey'"));
        Assert.Contains("OrleansCoordMembership", gateways);
        Assert.Equal("SELECT 2", Convert.ToString(await fixture.ScalarAsync(database, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = 'SomeOtherKey'")));
    }

    [Fact]
    public async Task A_run_that_cannot_take_the_lock_in_time_fails_with_TimeoutException_and_installs_nothing()
    {
        var database = await fixture.CreateDatabaseAsync();
        await using var holder = await fixture.OpenAsync(database);
        var (take, release) = fixture.Dialect == AdoNetDialect.PostgreSql
            ? ($"SELECT pg_advisory_lock({PostgreSqlSchemaWriter.AdvisoryLockKey})", $"SELECT pg_advisory_unlock({PostgreSqlSchemaWriter.AdvisoryLockKey})")
            : ($"SELECT GET_LOCK('{MySqlSchemaWriter.LockNameFor(holder.Database)}', 5)", $"SELECT RELEASE_LOCK('{MySqlSchemaWriter.LockNameFor(holder.Database)}')");
        await Execute(holder, take);
        try
        {
            var installer = new AdoNetSchemaInstaller(lockTimeout: TimeSpan.FromSeconds(1));
            var started = DateTime.UtcNow;
            await Assert.ThrowsAsync<TimeoutException>(() => installer.EnsureSchemaAsync(fixture.Dialect, database, CancellationToken.None));

            Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(15));
            Assert.Equal(0, Convert.ToInt32(await fixture.ScalarAsync(database, TableCountSql(fixture.Dialect, "OrleansCoordSchema"))));
        }
        finally
        {
            await Execute(holder, release);
        }

        // Once the lock is free, the same installer succeeds.
        Assert.Equal(AdoNetSchemaStatus.Installed, await new AdoNetSchemaInstaller(lockTimeout: TimeSpan.FromSeconds(5)).EnsureSchemaAsync(fixture.Dialect, database, CancellationToken.None));
    }

    private static async Task Execute(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteScalarAsync();
    }

    private static string TableCountSql(AdoNetDialect dialect, string table) => dialect == AdoNetDialect.PostgreSql
        ? $"SELECT COUNT(*) FROM information_schema.tables WHERE table_name = '{table.ToLowerInvariant()}'"
        : $"SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '{table}'";
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlSchemaInstallerTests(PostgresFixture postgres) : SchemaInstallerTests<PostgresFixture>(postgres)
{
    [Fact]
    public async Task A_version_2_database_gets_the_grain_state_payload_compressed_with_lz4()
    {
        var database = await Fixture.CreateDatabaseAsync();
        var installer = new AdoNetSchemaInstaller();
        await installer.EnsureSchemaAsync(Fixture.Dialect, database, CancellationToken.None);
        Assert.Equal("l", await PayloadCompressionAsync(database));
        await Fixture.ScalarAsync(database, "ALTER TABLE OrleansCoordGrainState ALTER COLUMN Payload SET COMPRESSION default");
        await Fixture.ScalarAsync(database, "UPDATE OrleansCoordSchema SET Version = 2");
        Assert.Equal("", await PayloadCompressionAsync(database));

        var status = await installer.EnsureSchemaAsync(Fixture.Dialect, database, CancellationToken.None);

        Assert.Equal(AdoNetSchemaStatus.Installed, status);
        Assert.Equal("l", await PayloadCompressionAsync(database));
        Assert.Equal(AdoNetSchemaInstaller.SchemaVersion, Convert.ToInt32(await Fixture.ScalarAsync(database, "SELECT Version FROM OrleansCoordSchema")));
    }

    [Fact]
    public async Task A_large_state_is_stored_compressed_with_lz4_and_reads_back_whole()
    {
        var database = await Fixture.CreateDatabaseAsync();
        await new AdoNetSchemaInstaller().EnsureSchemaAsync(Fixture.Dialect, database, CancellationToken.None);
        // 16 KB that compress, as a large group's state does (its member ids and field headers repeat).
        await Fixture.ScalarAsync(database, "INSERT INTO OrleansCoordGrainState VALUES ('s', 'n', 'g', 1, convert_to(repeat('member-0123456789;', 900), 'UTF8'))");

        Assert.Equal("lz4", Convert.ToString(await Fixture.ScalarAsync(database, "SELECT pg_column_compression(Payload) FROM OrleansCoordGrainState")));
        Assert.Equal(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("member-0123456789;", 900))), (byte[]?)await Fixture.ScalarAsync(database, "SELECT Payload FROM OrleansCoordGrainState"));
    }

    // pg_attribute.attcompression: 'l' lz4, '' the server's default (pglz unless default_toast_compression says otherwise).
    private async Task<string?> PayloadCompressionAsync(string database) => Convert.ToString(await Fixture.ScalarAsync(
        database,
        "SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'orleanscoordgrainstate'::regclass AND attname = 'payload'"));
}

[Collection(MariaDbCollection.Name)]
public sealed class MariaDbSchemaInstallerTests(MariaDbFixture fixture) : SchemaInstallerTests<MariaDbFixture>(fixture);
