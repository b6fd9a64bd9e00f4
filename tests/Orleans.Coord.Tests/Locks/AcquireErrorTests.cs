using Orleans.Coord.Client;
using Orleans.Coord.Tests.Infrastructure;

namespace Orleans.Coord.Tests.Locks;

/// <summary>
/// A wait with a deadline reports a timeout only when the deadline passed; an error the grain answers is that error,
/// and nothing is left queued or held.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class AcquireErrorTests(SharedClusterFixture fixture)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_refused_semaphore_request_with_a_deadline_fails_with_the_refusal_not_a_timeout()
    {
        var name = $"err-{Guid.NewGuid():N}";
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
        await using var b = await Coordinator.StartAsync(fixture.ClientsBySilo[1], "b", new CoordinatorOptions());
        await using var held = await a.Locks.Semaphores.AcquireAsync(name, 1, Long);

        await Assert.ThrowsAsync<SemaphoreMaxCountMismatchException>(() => b.Locks.Semaphores.TryAcquireAsync(name, 2, Long));
        await Assert.ThrowsAsync<SemaphoreMaxCountMismatchException>(() => b.Locks.Semaphores.AcquireAsync(name, 2, TimeSpan.FromMilliseconds(50)));
        Assert.Equal([held.FencingToken], (await a.Locks.Semaphores.GetHoldersAsync(name)).Select(h => h.Token));
    }

    [Fact]
    public async Task A_group_tied_campaign_whose_member_left_while_waiting_fails_with_member_not_joined()
    {
        var name = $"err-{Guid.NewGuid():N}";
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
        await using var b = await Coordinator.StartAsync(fixture.ClientsBySilo[1], "b", new CoordinatorOptions());
        await a.Groups.JoinOrCreateAsync(name);
        await b.Groups.JoinOrCreateAsync(name);
        var tied = new CampaignOptions { Group = name };
        await using var leader = await a.Elections.CampaignAsync(name, "a"u8.ToArray(), tied);
        using var patience = new CancellationTokenSource(Long);
        var campaign = b.Elections.CampaignAsync(name, "b"u8.ToArray(), tied, patience.Token);
        await Poll.UntilAsync(async () => (await a.Elections.OpenObservationAsync(name)).Snapshot.Candidates == 1, Long, "b waits in line");

        await b.Groups.LeaveAsync(name);
        Assert.True(await leader.ResignAsync());
        await Assert.ThrowsAsync<MemberNotJoinedException>(() => campaign);
        Assert.Null(await a.Elections.GetLeaderAsync(name));
    }
}
