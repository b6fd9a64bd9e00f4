using Orleans.Coord.Redis;
using StackExchange.Redis;

namespace Orleans.Coord.Tests.Storage;

/// <summary>The silo's question to real Redis servers: does each keep acknowledged writes across a restart?</summary>
public sealed class RedisDurabilityTests
{
    [Fact]
    public async Task A_server_without_an_append_only_file_is_named()
    {
        await using var server = await RedisServer.StartAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");

        var risk = Assert.Single(await RedisDurability.RisksAsync(redis));

        Assert.Equal($"redis at 127.0.0.1:{server.Port} runs with appendonly no: a restart of the server keeps only its last snapshot, or nothing, so a fencing token or a term could be given out twice", risk);
    }

    [Fact]
    public async Task A_server_with_an_append_only_file_is_named_for_nothing()
    {
        await using var server = await RedisServer.StartAsync(options: new RedisServerOptions { Durable = true });
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");

        Assert.Empty(await RedisDurability.RisksAsync(redis));
    }
}
