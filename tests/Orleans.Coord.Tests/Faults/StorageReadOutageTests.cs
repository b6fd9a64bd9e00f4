using System.Diagnostics;
using Orleans.Coord.Client;
using Orleans.Coord.Tests.Infrastructure;

namespace Orleans.Coord.Tests.Faults;

/// <summary>
/// A backend that cannot be read (a real redis-server killed with SIGKILL, then started again on its data): a grain
/// that must read its state to activate cannot answer. A read that is safe to repeat is sent again until the backend is
/// back, within one session TTL; a backend that stays down for longer gives one typed
/// <see cref="CoordinationUnavailableException"/>.
/// </summary>
public sealed class StorageReadOutageTests(RedisFaultFixture redis) : IClassFixture<RedisFaultFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    /// <summary>How long StackExchange.Redis waits for a command before it fails it (its default).</summary>
    private static readonly TimeSpan RedisCommandTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_read_while_the_backend_is_down_for_a_ttl_gives_one_typed_exception()
    {
        var ttl = TimeSpan.FromSeconds(3);
        await using var reader = await Coordinator.StartAsync(redis.Clients[1], "reader", new CoordinatorOptions { SessionTtl = ttl });
        var group = $"read-outage-{Guid.NewGuid():N}";

        CoordinationUnavailableException refused;
        TimeSpan took;
        await redis.Redis.KillAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            refused = await Assert.ThrowsAsync<CoordinationUnavailableException>(() => reader.Groups.GetMembersAsync(group).WaitAsync(Long));
            took = clock.Elapsed;
        }
        finally
        {
            await redis.Redis.StartAgainAsync();
        }

        // Copies are sent for one TTL; the last one fails when the Redis client gives up on the dead server (its 5 s
        // command timeout), so the read ends within the TTL, that timeout and one call timeout (plus slack for load).
        var options = new CoordinatorOptions();
        Assert.InRange(took, ttl, ttl + RedisCommandTimeout + options.CallTimeout + TimeSpan.FromSeconds(5));
        Assert.Contains("group/" + group, refused.Grain);
        Assert.Contains("could not be read", refused.Message);

        // Once the backend is back, the grain activates and gives its own answer.
        await Assert.ThrowsAsync<GroupNotFoundException>(() => reader.Groups.GetMembersAsync(group).WaitAsync(Long));
    }
}
