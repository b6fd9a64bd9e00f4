using Orleans.Coord.Client;
using Orleans.Coord.Grains;
using Orleans.Coord.Tests.Infrastructure;

namespace Orleans.Coord.Tests.Leases;

/// <summary>
/// The session's one lease observer remembers a request only while it is in flight and a grant only while its handle
/// holds it: a lost-lease notice for a grant nobody holds any more (its release raced a break) leaves nothing behind.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class LeaseWaiterTests(SharedClusterFixture fixture)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_lost_notice_for_a_grant_whose_handle_already_released_is_not_kept()
    {
        var name = $"waiter-{Guid.NewGuid():N}";
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
        await using var admin = await Coordinator.StartAsync(fixture.ClientsBySilo[1], "admin", new CoordinatorOptions());
        var leases = ((Coordinator)a).Session.Leases;
        var held = await a.Locks.AcquireAsync(name, Long);
        Assert.Equal(1, leases.Remembered);

        // A break and the holder's release race: the release answers false and untracks the handle, then the break's
        // notice arrives for a grant that no handle holds.
        Assert.True(await admin.Locks.BreakAsync(name));
        Assert.False(await held.ReleaseAsync());
        var grain = fixture.ClientsBySilo[0].GetGrain<ILockGrain>(name).GetGrainId();
        await leases.Lost(grain, Guid.NewGuid(), held.FencingToken, "broken");
        await leases.Lost(grain, Guid.NewGuid(), held.FencingToken + 1, "broken");

        Assert.Equal(0, leases.Remembered);
    }

    [Fact]
    public async Task Every_request_and_grant_is_forgotten_once_its_handle_is_released_or_its_wait_has_ended()
    {
        var name = $"waiter-{Guid.NewGuid():N}";
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
        await using var b = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "b", new CoordinatorOptions());
        var leases = ((Coordinator)b).Session.Leases;
        var held = await a.Locks.AcquireAsync(name, Long);

        Assert.Null(await b.Locks.TryAcquireAsync(name));
        Assert.Null(await b.Locks.TryAcquireAsync(name, TimeSpan.FromMilliseconds(200)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b.Locks.AcquireAsync(name, Long, cancel.Token));
        Assert.Equal(0, leases.Remembered);

        var waiting = b.Locks.AcquireAsync(name, Long);
        Assert.True(await held.ReleaseAsync());
        var granted = await waiting;
        Assert.Equal(1, leases.Remembered);
        Assert.True(await granted.ReleaseAsync());
        Assert.Equal(0, leases.Remembered);
    }
}
