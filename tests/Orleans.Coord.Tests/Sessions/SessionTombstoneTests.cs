using Orleans.Coord.Grains;
using Orleans.Coord.Sessions;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Sessions;

/// <summary>
/// An ended session's record stays as a tombstone after everything it held was released: a late copy of its start
/// (sent again by a client whose first copy's answer was lost) finds it ended, even in a fresh activation, and is
/// refused instead of starting an empty session under the ended session's id.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class SessionTombstoneTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task A_late_start_of_an_ended_session_is_refused_by_a_fresh_activation()
    {
        var client = fixture.ClientsBySilo[0];
        var session = client.GetGrain<ISessionGrain>(Guid.NewGuid());
        await session.StartAsync("m", TimeSpan.FromSeconds(30));
        await session.EndAsync();
        await session.EndAsync();
        await client.GetGrain<IManagementGrain>(0).DeactivateGrain(session.GetGrainId());

        await Assert.ThrowsAsync<SessionExpiredException>(() => session.StartAsync("m", TimeSpan.FromSeconds(30)));
        Assert.False(await session.IsAliveAsync());
        Assert.Equal(SessionStatus.Ended, await session.HeartbeatAsync());
    }
}
