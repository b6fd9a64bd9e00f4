using Orleans.Coord.Client;
using Orleans.Coord.Client.Inspection;
using Orleans.Coord.Grains;
using Orleans.Coord.Inspection;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.TestServers;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Inspection;

/// <summary>
/// What an operator reads without a session (in-process TestingHost cluster): the locks, elections, groups and
/// sessions in use with their holders and queues, each name on its kind's directory while in use and off it once its
/// grain deactivates free, and reads that create nothing.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class InspectorTests(SharedClusterFixture cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private IClusterClient Client => cluster.ClientOnSilo(0);

    private CoordinationInspector Inspector => new(Client);

    [Fact]
    public async Task An_election_shows_its_leader_term_value_and_candidates_in_order_and_a_session_what_it_used()
    {
        var (election, group, semaphore) = ($"election-{Guid.NewGuid():N}", $"group-{Guid.NewGuid():N}", $"semaphore-{Guid.NewGuid():N}");
        var a = await Coordinator.StartAsync(Client, "a");
        var b = await Coordinator.StartAsync(Client, "b");
        try
        {
            var leadership = await a.Elections.CampaignAsync(election, "a-value"u8.ToArray());
            _ = b.Elections.CampaignAsync(election, "b-value"u8.ToArray());
            await a.Groups.JoinOrCreateAsync(group, "{\"role\":\"x\"}"u8.ToArray());
            await using var permit = await a.Locks.Semaphores.AcquireAsync(semaphore, 3, TimeSpan.FromSeconds(5));
            await Poll.UntilAsync(async () => await Inspector.GetElectionAsync(election) is { Waiters.Count: 1 }, Patience, "b is a candidate");

            var info = (await Inspector.GetElectionAsync(election))!;
            var leader = Assert.Single(info.Holders);
            Assert.Equal(("a", leadership.Term, "a-value"), (leader.MemberId, leader.Token, System.Text.Encoding.UTF8.GetString(leader.Value)));
            Assert.Equal(("b", "b-value"), (info.Waiters[0].MemberId, System.Text.Encoding.UTF8.GetString(info.Waiters[0].Value)));
            Assert.Contains(await ToListAsync(Inspector.ListElectionsAsync()), e => e.Name == election);
            Assert.Equal(("semaphore", 3), Assert.Single(await Inspector.GetLockAsync(semaphore)) is var s ? (s.Kind, s.Capacity) : default);

            var groups = await ToListAsync(Inspector.ListGroupsAsync());
            Assert.Contains(new GroupSummary(group, 1, 1), groups);
            Assert.Equal("a", Assert.Single((await Inspector.GetGroupAsync(group))!.Members).MemberId);

            var session = Assert.Single(await ToListAsync(Inspector.ListSessionsAsync()), s => s.SessionId == a.SessionId);
            Assert.Equal(("a", a.Options.SessionTtl, Orleans.Coord.Sessions.SessionStatus.Alive), (session.MemberId, session.Ttl, session.Status));
            Assert.Contains(new SessionResource("election", election), session.Resources);
            Assert.Contains(new SessionResource("group", group), session.Resources);
            Assert.Contains(new SessionResource("semaphore", semaphore), session.Resources);
            Assert.InRange(session.LastHeartbeatAt, session.StartedAt, DateTimeOffset.UtcNow.AddSeconds(1));
        }
        finally
        {
            await Task.WhenAll(a.StopAsync(), b.StopAsync());
        }

        Assert.DoesNotContain(await ToListAsync(Inspector.ListSessionsAsync()), s => s.SessionId == a.SessionId);
        Assert.Null(await Inspector.GetElectionAsync(election));
    }

    [Fact]
    public async Task Reads_of_names_never_used_find_nothing_and_create_nothing()
    {
        var name = $"nothing-{Guid.NewGuid():N}";
        Assert.Null(await Inspector.GetGroupAsync(name));
        Assert.Empty(await Inspector.GetLockAsync(name));
        Assert.Null(await Inspector.GetElectionAsync(name));
        Assert.Null(await Inspector.BreakLockAsync(name));
        Assert.DoesNotContain(name, await ToListAsync(Inspector.ListGroupsAsync()).ContinueWith(t => t.Result.Select(g => g.Name)));
        foreach (var kind in new[] { NameDirectory.Groups, NameDirectory.Locks, NameDirectory.Elections })
        {
            Assert.DoesNotContain(name, await NameDirectory.Of(Client, kind, name).ListAsync());
        }

        await Assert.ThrowsAsync<ArgumentException>(() => Inspector.GetLockAsync(""));
    }

    [Fact]
    public async Task Breaking_a_lock_returns_the_grant_it_broke_and_tells_the_holder()
    {
        var name = $"lock-{Guid.NewGuid():N}";
        var a = await Coordinator.StartAsync(Client, "a");
        try
        {
            var held = await a.Locks.AcquireAsync(name, TimeSpan.FromSeconds(5));
            var broke = await Inspector.BreakLockAsync(name);
            Assert.Equal(("a", held.FencingToken), (broke!.MemberId, broke.Token));
            await Poll.UntilAsync(() => held.Lost.IsCancellationRequested, Patience, "the holder hears of the break");
            Assert.Null(await Inspector.BreakLockAsync(name));
        }
        finally
        {
            await a.StopAsync();
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
