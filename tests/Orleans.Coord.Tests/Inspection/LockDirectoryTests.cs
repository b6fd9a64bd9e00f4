using Orleans.Coord.Client;
using Orleans.Coord.Client.Inspection;
using Orleans.Coord.Grains;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.TestServers;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Inspection;

/// <summary>
/// A lock's name on the directory of names in use, on a one-silo TestingHost cluster of its own: the test collects every
/// idle activation (<c>ForceActivationCollection</c>), which must not disturb the tests that share a cluster.
/// </summary>
public sealed class LockDirectoryTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private CoordCluster _cluster = null!;

    private IClusterClient Client => _cluster.Cluster.Client;

    private CoordinationInspector Inspector => new(Client);

    public async Task InitializeAsync() => _cluster = await CoordCluster.StartAsync(1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_held_lock_with_a_waiter_is_listed_with_its_holder_and_its_queue_and_leaves_the_directory_once_free_and_collected()
    {
        var name = $"lock-{Guid.NewGuid():N}";
        var a = await Coordinator.StartAsync(Client, "a");
        var b = await Coordinator.StartAsync(Client, "b");
        try
        {
            var held = await a.Locks.AcquireAsync(name, TimeSpan.FromSeconds(5));
            var waiting = b.Locks.AcquireAsync(name, TimeSpan.FromSeconds(30));
            await Poll.UntilAsync(async () => (await Inspector.GetLockAsync(name)) is [{ Waiters.Count: 1 }], Patience, "b waits");

            var info = Assert.Single(await Inspector.GetLockAsync(name));
            Assert.Equal(("lock", name, 1), (info.Kind, info.Name, info.Capacity));
            var holder = Assert.Single(info.Holders);
            Assert.Equal(("a", a.SessionId, held.FencingToken), (holder.MemberId, holder.SessionId, holder.Token));
            Assert.Equal(("b", b.SessionId), (info.Waiters[0].MemberId, info.Waiters[0].SessionId));
            Assert.Contains(await ToListAsync(Inspector.ListLocksAsync()), l => l.Name == name);

            await held.ReleaseAsync();
            await (await waiting).ReleaseAsync();
            Assert.Empty(await Inspector.GetLockAsync(name));
            Assert.DoesNotContain(await ToListAsync(Inspector.ListLocksAsync()), l => l.Name == name);

            await Poll.UntilAsync(
                async () =>
                {
                    await Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
                    return !(await NameDirectory.Of(Client, NameDirectory.Locks, name).ListAsync()).Contains(name);
                },
                Patience,
                "the free lock's name leaves the directory when its grain is collected");
        }
        finally
        {
            await Task.WhenAll(a.StopAsync(), b.StopAsync());
        }
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
