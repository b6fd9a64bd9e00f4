using Npgsql;
using Orleans.Coord.AdoNet.Storage;
using Orleans.Coord.TestServers;
using Xunit;

namespace Orleans.Coord.AdoNet.Tests;

/// <summary>
/// Server settings under which an acknowledged write can be lost: the silo names them at start, and the PostgreSQL state
/// connections commit synchronously even where the server does not. The shared test servers run with those settings off
/// on purpose (fast, never killed).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlDurabilityTests(PostgresFixture fixture)
{
    [Fact]
    public async Task A_server_without_fsync_and_synchronous_commit_is_named_for_both()
    {
        var risks = await AdoNetDurability.RisksAsync(AdoNetDialect.PostgreSql, fixture.ConnectionString, CancellationToken.None);

        Assert.Equal(2, risks.Count);
        Assert.StartsWith("fsync is off", risks[0]);
        Assert.StartsWith("synchronous_commit is off", risks[1]);
    }

    [Fact]
    public async Task A_durable_server_is_named_for_nothing()
    {
        await using var server = await PostgresServer.StartAsync(options: new PostgresServerOptions { Durable = true });

        Assert.Empty(await AdoNetDurability.RisksAsync(AdoNetDialect.PostgreSql, server.ConnectionString, CancellationToken.None));
    }

    [Fact]
    public async Task State_connections_commit_synchronously_on_a_server_that_does_not()
    {
        Assert.Equal("off", await fixture.ScalarAsync(fixture.ConnectionString, "SHOW synchronous_commit"));
        await using var source = new PostgreSqlStateDataSource(fixture.ConnectionString);

        // Every physical connection: the first, and a second opened while the first is in use.
        await using var first = await source.Source.OpenConnectionAsync();
        await using var second = await source.Source.OpenConnectionAsync();

        Assert.Equal("on", await ShowAsync(first));
        Assert.Equal("on", await ShowAsync(second));
    }

    [Fact]
    public async Task A_synchronous_commit_the_connection_string_sets_is_kept()
    {
        await using var source = new PostgreSqlStateDataSource(fixture.ConnectionString + ";Options=-c synchronous_commit=remote_write");
        await using var connection = await source.Source.OpenConnectionAsync();

        Assert.Equal("remote_write", await ShowAsync(connection));
    }

    private static async Task<string?> ShowAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SHOW synchronous_commit", connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}

/// <inheritdoc cref="PostgreSqlDurabilityTests"/>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlDurabilityTests(MariaDbFixture fixture)
{
    [Fact]
    public async Task A_server_that_flushes_its_log_once_a_second_is_named()
    {
        Assert.Equal("0", Convert.ToString(await fixture.ScalarAsync(fixture.ConnectionString, "SELECT @@innodb_flush_log_at_trx_commit"), System.Globalization.CultureInfo.InvariantCulture));

        var risk = Assert.Single(await AdoNetDurability.RisksAsync(AdoNetDialect.MySql, fixture.ConnectionString, CancellationToken.None));

        Assert.StartsWith("innodb_flush_log_at_trx_commit is 0: a crash of the server loses", risk);
    }
}
