using MySqlConnector;
using Orleans.Coord.AdoNet.Storage;

namespace Orleans.Coord.Tests.Storage;

/// <summary>The MySQL grain-state data source's connection settings: its own defaults, and the connection string's values where it sets them.</summary>
public sealed class MySqlStateDataSourceTests
{
    [Fact]
    public async Task A_url_without_settings_gets_a_bounded_pool_no_reset_and_counts_of_changed_rows()
    {
        await using var source = new MySqlStateDataSource("Server=127.0.0.1;User ID=coord;Database=coord");

        var settings = new MySqlConnectionStringBuilder(source.Source.ConnectionString);

        Assert.Equal((uint)MySqlStateDataSource.MaxPoolSize, settings.MaximumPoolSize);
        Assert.False(settings.ConnectionReset);
        Assert.True(settings.UseAffectedRows);
    }

    [Theory]
    [InlineData("Maximum Pool Size=5;Connection Reset=true")]
    [InlineData("maxpoolsize=5;connectionreset=true")]
    public async Task Settings_in_the_connection_string_win_except_the_count_of_changed_rows(string settingsGiven)
    {
        await using var source = new MySqlStateDataSource("Server=127.0.0.1;User ID=coord;Database=coord;UseAffectedRows=false;" + settingsGiven);

        var settings = new MySqlConnectionStringBuilder(source.Source.ConnectionString);

        Assert.Equal(5u, settings.MaximumPoolSize);
        Assert.True(settings.ConnectionReset);
        Assert.True(settings.UseAffectedRows);
    }
}
