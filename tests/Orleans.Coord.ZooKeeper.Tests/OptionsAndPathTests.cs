using Xunit;

namespace Orleans.Coord.ZooKeeper.Tests;

public sealed class OptionsAndPathTests
{
    [Fact]
    public void Defaults_are_valid_once_a_connect_string_is_set()
    {
        var options = new ZooKeeperClientOptions { ConnectString = "127.0.0.1:2181" };
        options.Validate();
        Assert.Equal(TimeSpan.FromSeconds(10), options.SessionTimeout);
    }

    [Fact]
    public void Invalid_options_name_the_setting_and_the_limit()
    {
        var missing = Assert.Throws<ArgumentException>(() => new ZooKeeperClient(new ZooKeeperClientOptions()));
        Assert.Equal("ConnectString", missing.ParamName);

        var timeout = Assert.Throws<ArgumentOutOfRangeException>(() => new ZooKeeperClientOptions { ConnectString = "a:1", SessionTimeout = TimeSpan.FromMilliseconds(10) }.Validate());
        Assert.Equal("SessionTimeout", timeout.ParamName);
        Assert.Contains("100 ms", timeout.Message);

        var connect = Assert.Throws<ArgumentOutOfRangeException>(() => new ZooKeeperClientOptions { ConnectString = "a:1", ConnectTimeout = TimeSpan.Zero }.Validate());
        Assert.Equal("ConnectTimeout", connect.ParamName);

        var pending = Assert.Throws<ArgumentOutOfRangeException>(() => new ZooKeeperClientOptions { ConnectString = "a:1", MaxPendingRequests = 0 }.Validate());
        Assert.Equal("MaxPendingRequests", pending.ParamName);
        Assert.Contains("between 1 and", pending.Message);

        var badPort = Assert.Throws<ArgumentException>(() => new ZooKeeperClientOptions { ConnectString = "a:99999" }.Validate());
        Assert.Equal("ConnectString", badPort.ParamName);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/a")]
    [InlineData("/a/b-c/d.e")]
    public void Valid_paths(string path) => ZooKeeperPath.Validate(path, "path");

    [Theory]
    [InlineData("", "start with '/'")]
    [InlineData("a/b", "start with '/'")]
    [InlineData("/a/", "end with '/'")]
    [InlineData("/a//b", "empty segment")]
    [InlineData("/a/../b", "relative")]
    [InlineData("/a\u0001", "invalid character")]
    public void Invalid_paths_are_rejected_with_the_argument_name(string path, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => ZooKeeperPath.Validate(path, "nodePath"));
        Assert.Equal("nodePath", ex.ParamName);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Combine_and_name()
    {
        Assert.Equal("/a", ZooKeeperPath.Combine("/", "a"));
        Assert.Equal("/a/b", ZooKeeperPath.Combine("/a", "b"));
        Assert.Equal("b", ZooKeeperPath.GetName("/a/b"));
        Assert.Throws<ArgumentException>(() => ZooKeeperPath.Combine("/a", "b/c"));
    }

    [Fact]
    public async Task Operations_before_connect_are_refused()
    {
        await using var client = new ZooKeeperClient(new ZooKeeperClientOptions { ConnectString = "127.0.0.1:1" });
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.ExistsAsync("/"));
    }
}
