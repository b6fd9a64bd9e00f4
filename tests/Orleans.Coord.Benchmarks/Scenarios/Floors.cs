using Orleans.Coord.Benchmarks.Floors;
using StackExchange.Redis;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// floors: what every coordination call is made of, measured alone, one call at a time. <c>call</c>: a call to a grain
/// that does nothing (client: the gateway round trip). <c>storage_write</c>: a call to a grain that makes one durable
/// write through the coordination storage provider, as a grant or a release does. On Redis also
/// <c>redis_script_write</c>: StackExchange.Redis running an ETag-checked write script from this process, the client
/// library's own round trip under the provider. A lock pair is two calls and two writes, so these bound it from below.
/// </summary>
internal static class Floors
{
    private const string System = "orleans";

    // Our own ETag-checked write: the same shape of work as a grain storage write (compare, then set two fields).
    private const string EtagWriteScript = """
        local current = redis.call('HGET', KEYS[1], 'etag')
        if current and current ~= ARGV[1] then return -1 end
        redis.call('HSET', KEYS[1], 'etag', ARGV[2], 'data', ARGV[3])
        return 0
        """;

    public static async Task RunAsync(ScenarioContext context, IEnumerable<Caller> callers)
    {
        var slice = context.Duration / 2;
        foreach (var caller in callers)
        {
            var grain = caller.Grains.GetGrain<IFloorGrain>($"bench-floor-{caller.Name}-{Guid.NewGuid():N}");
            await context.MeasureAsync(System, caller.Name, "call", slice, grain.PingAsync);
            await context.MeasureAsync(System, caller.Name, "storage_write", slice, grain.WriteAsync);
        }

        if (context.Environment.RedisConfiguration is { } configuration)
        {
            // Both ways StackExchange.Redis can complete replies: its own dedicated threads (its default), and the
            // .NET thread pool (what the Redis backend configures).
            await RedisScriptWriteAsync(context, configuration, "dedicated", SocketManager.Shared, slice);
            await RedisScriptWriteAsync(context, configuration, "thread_pool", SocketManager.ThreadPool, slice);
        }
    }

    private static async Task RedisScriptWriteAsync(ScenarioContext context, string configuration, string completions, SocketManager sockets, TimeSpan duration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.SocketManager = sockets;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var database = redis.GetDatabase();
        RedisKey[] key = [$"bench-floor-{Guid.NewGuid():N}"];
        var payload = new byte[96];
        RedisValue etag = "";
        await context.MeasureAsync("StackExchange.Redis", "client", "redis_script_write", duration, async () =>
        {
            RedisValue next = Guid.NewGuid().ToString("N");
            var answer = await database.ScriptEvaluateAsync(EtagWriteScript, key, [etag, next, payload]);
            if ((int)answer != 0)
            {
                throw new InvalidOperationException("The ETag did not match.");
            }

            etag = next;
        }, ("completions", completions));
        await database.KeyDeleteAsync(key[0]);
    }
}
