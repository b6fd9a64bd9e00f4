namespace Orleans.Coord.Tests.Cli;

/// <summary>The <c>coord</c> tool against a silo process on a real redis-server; it also finds the gateway through the backend URL.</summary>
public sealed class RedisCliTests(RedisCliSilo silo) : CliTests(silo), IClassFixture<RedisCliSilo>
{
    [Fact]
    public async Task The_backend_url_finds_the_gateway_through_the_membership_table()
    {
        var group = $"cli-url-{Guid.NewGuid():N}"[..20];
        await using var member = await silo.StartSessionAsync("url-member");
        await member.Groups.JoinOrCreateAsync(group);

        var result = await CoordTool.RunAsync(["members", group, "--backend", silo.Url, "--cluster-id", silo.ClusterId!]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("url-member", result.Output);
    }
}
