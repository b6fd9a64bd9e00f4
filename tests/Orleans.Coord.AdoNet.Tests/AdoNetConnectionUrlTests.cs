using MySqlConnector;
using Npgsql;
using Xunit;

namespace Orleans.Coord.AdoNet.Tests;

/// <summary>Backend URLs become connector connection strings; bad URLs are refused with an ArgumentException naming "url".</summary>
public sealed class AdoNetConnectionUrlTests
{
    [Theory]
    [InlineData("postgresql://alice:s3cret@db.example:6543/orders")]
    [InlineData("postgres://alice:s3cret@db.example:6543/orders")]
    public void PostgreSql_url_becomes_an_Npgsql_connection_string(string url)
    {
        var parsed = AdoNetConnectionUrl.Parse(url);

        Assert.Equal(AdoNetDialect.PostgreSql, parsed.Dialect);
        Assert.Equal("Npgsql", parsed.Invariant);
        var builder = new NpgsqlConnectionStringBuilder(parsed.ConnectionString);
        Assert.Equal(("db.example", 6543, "alice", "s3cret", "orders"), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database));
    }

    [Theory]
    [InlineData("mysql://bob@127.0.0.1/coord", null)]
    [InlineData("mariadb://bob:p%40ss%3Aword@127.0.0.1/coord", "p@ss:word")]
    public void MySql_url_becomes_a_MySqlConnector_connection_string_with_the_default_port(string url, string? password)
    {
        var parsed = AdoNetConnectionUrl.Parse(url);

        Assert.Equal(AdoNetDialect.MySql, parsed.Dialect);
        Assert.Equal("MySql.Data.MySqlConnector", parsed.Invariant);
        var builder = new MySqlConnectionStringBuilder(parsed.ConnectionString);
        Assert.Equal(("127.0.0.1", 3306u, "bob", password ?? string.Empty, "coord"), (builder.Server, builder.Port, builder.UserID, builder.Password, builder.Database));
    }

    [Fact]
    public void Query_parameters_become_connection_options()
    {
        var parsed = AdoNetConnectionUrl.Parse("postgresql://u@h/d?Pooling=false&Timeout=7");

        var builder = new NpgsqlConnectionStringBuilder(parsed.ConnectionString);
        Assert.False(builder.Pooling);
        Assert.Equal(7, builder.Timeout);
    }

    [Theory]
    [InlineData("redis://127.0.0.1:6379")]
    [InlineData("not a url")]
    [InlineData("postgresql://127.0.0.1/db")]
    [InlineData("postgresql://u:secret@127.0.0.1/")]
    [InlineData("mysql://u:secret@127.0.0.1/a/b")]
    [InlineData("mysql://u:secret@127.0.0.1/db#frag")]
    [InlineData("postgresql://u:secret@127.0.0.1/db?NoSuchOption=1")]
    [InlineData("postgresql://u:secret@127.0.0.1/db?novalue")]
    public void Bad_urls_are_refused_without_revealing_the_password(string url)
    {
        var e = Assert.Throws<ArgumentException>(() => AdoNetConnectionUrl.Parse(url));

        Assert.Equal("url", e.ParamName);
        Assert.DoesNotContain("secret", e.Message);
    }

    [Fact]
    public void Null_url_is_refused_and_ToString_hides_the_password()
    {
        Assert.Equal("url", Assert.Throws<ArgumentNullException>(() => AdoNetConnectionUrl.Parse(null!)).ParamName);
        Assert.DoesNotContain("s3cret", AdoNetConnectionUrl.Parse("mysql://u:s3cret@h/d").ToString());
        Assert.True(AdoNetConnectionUrl.IsAdoNetUrl("postgres://u@h/d"));
        Assert.False(AdoNetConnectionUrl.IsAdoNetUrl("redis://h:1"));
    }
}
