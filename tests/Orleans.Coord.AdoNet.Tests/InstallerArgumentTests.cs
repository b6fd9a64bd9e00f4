using Xunit;

namespace Orleans.Coord.AdoNet.Tests;

/// <summary>Bad input to the installer is refused with a typed exception before any connection is made.</summary>
public sealed class InstallerArgumentTests
{
    private readonly AdoNetSchemaInstaller installer = new();

    [Fact]
    public async Task Unknown_dialect_is_refused()
    {
        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => installer.EnsureSchemaAsync((AdoNetDialect)99, "Host=127.0.0.1", CancellationToken.None));
        Assert.Equal("dialect", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => AdoNetInvariants.For((AdoNetDialect)0));
    }

    [Theory]
    [InlineData(AdoNetDialect.PostgreSql)]
    [InlineData(AdoNetDialect.MySql)]
    public async Task Missing_or_malformed_connection_strings_are_refused(AdoNetDialect dialect)
    {
        Assert.Equal("connectionString", (await Assert.ThrowsAsync<ArgumentNullException>(() => installer.EnsureSchemaAsync(dialect, null!, CancellationToken.None))).ParamName);
        Assert.Equal("connectionString", (await Assert.ThrowsAsync<ArgumentException>(() => installer.EnsureSchemaAsync(dialect, "  ", CancellationToken.None))).ParamName);
        var malformed = await Assert.ThrowsAsync<ArgumentException>(() => installer.EnsureSchemaAsync(dialect, "NoSuchKeyword=1;Password=secret", CancellationToken.None));
        Assert.Equal("connectionString", malformed.ParamName);
        Assert.DoesNotContain("secret", malformed.Message);
    }

    [Fact]
    public async Task MySql_connection_string_must_name_a_database()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => installer.EnsureSchemaAsync(AdoNetDialect.MySql, "Server=127.0.0.1;User ID=x", CancellationToken.None));
        Assert.Equal("connectionString", e.ParamName);
        Assert.Contains("database", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3601)]
    public void Lock_timeout_outside_its_limits_is_refused(int seconds)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AdoNetSchemaInstaller(lockTimeout: TimeSpan.FromSeconds(seconds)));
        Assert.Equal("lockTimeout", e.ParamName);
        Assert.Contains("01:00:00", e.Message);
    }

    [Fact]
    public async Task A_cancelled_token_stops_before_connecting()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => installer.EnsureSchemaAsync(AdoNetDialect.PostgreSql, "Host=127.0.0.1;Port=1", cancelled.Token));
    }

    [Fact]
    public void Invariants_are_the_names_Orleans_maps_to_Npgsql_and_MySqlConnector()
    {
        Assert.Equal("Npgsql", AdoNetInvariants.For(AdoNetDialect.PostgreSql));
        Assert.Equal("MySql.Data.MySqlConnector", AdoNetInvariants.For(AdoNetDialect.MySql));
    }

    [Theory]
    [InlineData(AdoNetDialect.PostgreSql)]
    [InlineData(AdoNetDialect.MySql)]
    public void Each_dialect_ships_exactly_the_queries_of_the_Orleans_contract(AdoNetDialect dialect)
    {
        Assert.Equal(OrleansQueryContract.All, AdoNetSchemaInstaller.GetQueryKeys(dialect));
    }
}
