using Npgsql;
using Orleans.Coord.AdoNet.Storage;

namespace Orleans.Coord.Tests.Storage;

/// <summary>The grain-state data source's connection settings: its own defaults, and the connection string's values where it sets them.</summary>
public sealed class PostgreSqlStateDataSourceTests
{
    [Fact]
    public async Task A_url_without_settings_gets_auto_prepare_a_bounded_pool_that_closes_surplus_connections_and_no_reset()
    {
        await using var source = new PostgreSqlStateDataSource("Host=127.0.0.1;Username=coord;Database=coord");

        var settings = new NpgsqlConnectionStringBuilder(source.Source.ConnectionString);

        Assert.Equal(PostgreSqlStateDataSource.MaxAutoPrepare, settings.MaxAutoPrepare);
        Assert.Equal(PostgreSqlStateDataSource.AutoPrepareMinUsages, settings.AutoPrepareMinUsages);
        Assert.Equal(PostgreSqlStateDataSource.MaxPoolSize, settings.MaxPoolSize);
        Assert.Equal(PostgreSqlStateDataSource.IdleLifetimeSeconds, settings.ConnectionIdleLifetime);
        Assert.Equal(PostgreSqlStateDataSource.PruningIntervalSeconds, settings.ConnectionPruningInterval);
        Assert.True(settings.NoResetOnClose);
    }

    [Theory]
    [InlineData("MaxPoolSize=5;Max Auto Prepare=3;Connection Idle Lifetime=120;Connection Pruning Interval=20")]
    [InlineData("maximum pool size=5;MaxAutoPrepare=3;ConnectionIdleLifetime=120;connection pruning interval=20")]
    public async Task Settings_in_the_connection_string_win(string settingsGiven)
    {
        await using var source = new PostgreSqlStateDataSource("Host=127.0.0.1;Username=coord;Database=coord;" + settingsGiven);

        var settings = new NpgsqlConnectionStringBuilder(source.Source.ConnectionString);

        Assert.Equal(5, settings.MaxPoolSize);
        Assert.Equal(3, settings.MaxAutoPrepare);
        Assert.Equal(120, settings.ConnectionIdleLifetime);
        Assert.Equal(20, settings.ConnectionPruningInterval);
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(60, PostgreSqlStateDataSource.PruningIntervalSeconds)]
    public async Task An_idle_lifetime_given_alone_gets_a_pruning_interval_no_longer_than_itself(int lifetime, int interval)
    {
        await using var source = new PostgreSqlStateDataSource($"Host=127.0.0.1;Username=coord;Database=coord;Connection Idle Lifetime={lifetime}");

        var settings = new NpgsqlConnectionStringBuilder(source.Source.ConnectionString);

        Assert.Equal(lifetime, settings.ConnectionIdleLifetime);
        Assert.Equal(interval, settings.ConnectionPruningInterval);
    }
}
