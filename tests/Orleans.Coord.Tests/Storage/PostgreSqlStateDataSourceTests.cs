using Npgsql;
using Orleans.Coord.AdoNet.Storage;

namespace Orleans.Coord.Tests.Storage;

/// <summary>The grain-state data source's connection settings: its own defaults, and the connection string's values where it sets them.</summary>
public sealed class PostgreSqlStateDataSourceTests
{
    [Fact]
    public async Task A_url_without_settings_gets_auto_prepare_a_bounded_pool_and_no_reset()
    {
        await using var source = new PostgreSqlStateDataSource("Host=127.0.0.1;Username=coord;Database=coord");

        var settings = new NpgsqlConnectionStringBuilder(source.Source.ConnectionString);

        Assert.Equal(PostgreSqlStateDataSource.MaxAutoPrepare, settings.MaxAutoPrepare);
        Assert.Equal(PostgreSqlStateDataSource.AutoPrepareMinUsages, settings.AutoPrepareMinUsages);
        Assert.Equal(PostgreSqlStateDataSource.MaxPoolSize, settings.MaxPoolSize);
        Assert.True(settings.NoResetOnClose);
    }

    [Theory]
    [InlineData("MaxPoolSize=5;Max Auto Prepare=3")]
    [InlineData("maximum pool size=5;MaxAutoPrepare=3")]
    public async Task Settings_in_the_connection_string_win(string settingsGiven)
    {
        await using var source = new PostgreSqlStateDataSource("Host=127.0.0.1;Username=coord;Database=coord;" + settingsGiven);

        var settings = new NpgsqlConnectionStringBuilder(source.Source.ConnectionString);

        Assert.Equal(5, settings.MaxPoolSize);
        Assert.Equal(3, settings.MaxAutoPrepare);
    }
}
