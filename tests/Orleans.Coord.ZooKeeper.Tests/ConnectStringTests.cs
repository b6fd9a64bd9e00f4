using Xunit;

namespace Orleans.Coord.ZooKeeper.Tests;

public sealed class ConnectStringTests
{
    [Fact]
    public void Parses_servers_ports_and_chroot()
    {
        var cs = ConnectString.Parse("a:1,b:2,[::1]:3/app/x");
        Assert.Equal(new[] { new ZooKeeperServerAddress("a", 1), new ZooKeeperServerAddress("b", 2), new ZooKeeperServerAddress("::1", 3) }, cs.Servers);
        Assert.Equal("/app/x", cs.Chroot);
        Assert.Equal("[::1]:3", cs.Servers[2].ToString());
    }

    [Fact]
    public void Port_defaults_to_2181_and_root_chroot_means_none()
    {
        var cs = ConnectString.Parse(" zk1 /");
        Assert.Equal(new ZooKeeperServerAddress("zk1", 2181), Assert.Single(cs.Servers));
        Assert.Null(cs.Chroot);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a:1,,b:2", "empty server entry")]
    [InlineData(":2181", "empty host")]
    [InlineData("a:0", "between 1 and 65535")]
    [InlineData("a:70000", "between 1 and 65535")]
    [InlineData("a:x", "invalid port")]
    [InlineData("a:1/app/", "chroot")]
    [InlineData("a:1/app//b", "chroot")]
    [InlineData("a:1:2", "several ':'")]
    [InlineData("[::1:2181", "unclosed")]
    public void Rejects_malformed_text_naming_the_argument(string text, string expected)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => ConnectString.Parse(text, "myArg"));
        Assert.Equal("myArg", ex.ParamName);
        Assert.Contains(expected, ex.Message, StringComparison.OrdinalIgnoreCase);
    }
}
