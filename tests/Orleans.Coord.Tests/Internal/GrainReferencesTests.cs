using Orleans.Coord.Grains;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Internal;

/// <summary>
/// The references <see cref="GrainReferences"/> builds from what it resolved once are the ones Orleans builds, in every
/// cluster client of the process, and they reach the grain they name.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class GrainReferencesTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task A_reference_by_string_key_is_Orleans_reference_in_each_client_and_calls_the_named_grain()
    {
        foreach (var client in fixture.ClientsBySilo)
        {
            foreach (var name in new[] { $"refs-a-{Guid.NewGuid():N}", $"refs-b-{Guid.NewGuid():N}", "refs with spaces/and slashes" })
            {
                AssertSame(client.GetGrain<ILockGrain>(name), client.Reference<ILockGrain>(name));
                AssertSame(client.GetGrain<IGroupGrain>(name), client.Reference<IGroupGrain>(name));
            }
        }

        var held = $"refs-held-{Guid.NewGuid():N}";
        await using var session = await Client.Coordinator.StartAsync(fixture.ClientOnSilo(0), "refs");
        await using var hold = await session.Locks.AcquireAsync(held, TimeSpan.FromSeconds(10));
        var holder = await fixture.ClientOnSilo(1).Reference<ILockGrain>(held).GetHolderAsync();
        Assert.Equal(session.SessionId, holder?.SessionId);
    }

    [Fact]
    public void References_by_guid_key_and_by_grain_id_are_Orleans_references()
    {
        var client = fixture.ClientOnSilo(2);
        foreach (var id in new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.Empty })
        {
            AssertSame(client.GetGrain<ISessionGrain>(id), client.Reference<ISessionGrain>(id));
        }

        var locked = client.GetGrain<ILockGrain>($"refs-id-{Guid.NewGuid():N}").GetGrainId();
        var semaphore = client.GetGrain<ISemaphoreGrain>($"refs-id-{Guid.NewGuid():N}").GetGrainId();
        foreach (var id in new[] { locked, semaphore, locked })
        {
            AssertSame(client.GetGrain<ILeaseGrain>(id), client.Reference<ILeaseGrain>(id));
        }
    }

    [Fact]
    public void An_empty_key_is_refused_as_Orleans_refuses_it()
    {
        var client = fixture.ClientOnSilo(0);
        _ = client.Reference<ILockGrain>("refs-first");
        Assert.Throws<ArgumentException>("key", () => client.Reference<ILockGrain>(" "));
        Assert.Throws<ArgumentNullException>("key", () => client.Reference<ILockGrain>(null!));
    }

    private static void AssertSame<T>(T expected, T actual)
        where T : IAddressable
    {
        var (orleans, ours) = ((GrainReference)(object)expected, (GrainReference)(object)actual);
        Assert.Equal(orleans.GrainId, ours.GrainId);
        Assert.Equal(orleans.InterfaceType, ours.InterfaceType);
        Assert.Equal(orleans.GetType(), ours.GetType());
        Assert.Equal(orleans, ours);
    }
}
