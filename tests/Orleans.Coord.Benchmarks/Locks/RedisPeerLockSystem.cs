using Medallion.Threading.Redis;
using StackExchange.Redis;

namespace Orleans.Coord.Benchmarks.Locks;

/// <summary>DistributedLock.Redis against the same Redis server: one multiplexer, one lock object per contender. No fencing token.</summary>
internal sealed class RedisPeerLockSystem(ConnectionMultiplexer redis) : ILockSystem
{
    public string System => "DistributedLock.Redis";

    public static async Task<RedisPeerLockSystem> ConnectAsync(string configuration) =>
        new(await ConnectionMultiplexer.ConnectAsync(configuration));

    public Task<ILockContender> StartContenderAsync(string id) => Task.FromResult<ILockContender>(new Contender(redis.GetDatabase()));

    public ValueTask DisposeAsync() => redis.DisposeAsync();

    private sealed class Contender(IDatabase database) : ILockContender
    {
        public async Task<(IAsyncDisposable, long?)> AcquireAsync(string name, TimeSpan timeout) =>
            (await new RedisDistributedLock(name, database).AcquireAsync(timeout), null);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
