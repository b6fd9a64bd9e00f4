using Orleans.Coord.Grains;
using Orleans.Coord.Sessions;
using Orleans.Coord.Tests.Conformance;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.TestServers;
using StackExchange.Redis;

namespace Orleans.Coord.Tests.Sessions;

/// <summary>
/// A session write that the storage refuses (a real redis-server over its memory limit answers every write with an
/// OOM error) leaves nothing behind in the session grain: the same call sent again once storage is back writes the
/// session, instead of finding its flags set in memory and answering success with nothing stored.
/// </summary>
public sealed class SessionStorageFailureTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private CoordCluster _coord = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync(CancellationToken.None);
        _coord = await CoordCluster.StartAsync(2, b => BackendConfigurators.Apply(b, _redis.Url));
    }

    public async Task DisposeAsync()
    {
        await _coord.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_session_start_whose_write_failed_is_stored_when_sent_again()
    {
        var client = await _coord.ClientOnSiloAsync(0);
        var session = client.GetGrain<ISessionGrain>(Guid.NewGuid());
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"{_redis.ConnectionString},allowAdmin=true");
        var server = admin.GetServer(_redis.ConnectionString);

        await server.ConfigSetAsync("maxmemory", "1");
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => session.StartAsync("m", TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await server.ConfigSetAsync("maxmemory", "0");
        }

        await session.StartAsync("m", TimeSpan.FromSeconds(30));
        Assert.True(await session.IsAliveAsync());
        Assert.Equal(SessionStatus.Alive, await session.HeartbeatAsync());
    }
}
