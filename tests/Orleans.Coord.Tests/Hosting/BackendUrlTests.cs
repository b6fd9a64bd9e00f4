using Orleans.Coord.Hosting;

namespace Orleans.Coord.Tests.Hosting;

public sealed class BackendUrlTests
{
    [Theory]
    [InlineData("localhost", BackendKind.Localhost, "localhost")]
    [InlineData("", BackendKind.Localhost, "localhost")]
    [InlineData("redis://127.0.0.1:6379", BackendKind.Redis, "redis://127.0.0.1:6379")]
    [InlineData("redis://a:1,b:2?ssl=false", BackendKind.Redis, "redis://a:1,b:2?ssl=false")]
    [InlineData("postgresql://coord:s3cret@db:5432/coord", BackendKind.PostgreSql, "postgresql://coord:***@db:5432/coord")]
    [InlineData("mysql://coord@db/coord", BackendKind.MySql, "mysql://coord@db:3306/coord")]
    [InlineData("zookeeper://z1:2181,z2:2182/orleans", BackendKind.ZooKeeper, "zookeeper://z1:2181,z2:2182/orleans")]
    [InlineData("etcd://e1:2379,e2/coord", BackendKind.Etcd, "etcd://e1:2379,e2:2379/coord")]
    [InlineData("file:///var/lib/orleans-coord/", BackendKind.File, "file:///var/lib/orleans-coord")]
    [InlineData("file://localhost/tmp/my%20dir", BackendKind.File, "file:///tmp/my dir")]
    public void Parses_every_form_and_never_shows_the_password(string url, BackendKind kind, string shown)
    {
        var parsed = BackendUrl.Parse(url);
        Assert.Equal(kind, parsed.Kind);
        Assert.Equal(shown, parsed.ToString());
        Assert.DoesNotContain("s3cret", parsed.ToString());
    }

    [Theory]
    [InlineData("ftp://x:1", "scheme 'ftp' is unknown")]
    [InlineData("redis//x", "no scheme")]
    [InlineData("redis://x:99999", "port")]
    [InlineData("redis://:1", "host")]
    [InlineData("postgresql://u:pw@h:1", "database")]
    [InlineData("postgresql://h:1/db", "user@host:port")]
    [InlineData("file://relative/dir", "absolute directory")]
    [InlineData("file:///tmp/x?sync=no", "no query")]
    public void Malformed_urls_are_clear_errors_without_secrets(string url, string problem)
    {
        var e = Assert.Throws<FormatException>(() => BackendUrl.Parse(url));
        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain(":pw@", e.Message);
    }

    [Fact]
    public void A_file_url_keeps_its_absolute_directory()
    {
        var parsed = BackendUrl.Parse("file:///srv/coord%20state");
        Assert.Equal("/srv/coord state", parsed.Path);
        Assert.Empty(parsed.Hosts);
    }
}
