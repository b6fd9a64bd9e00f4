using Orleans.Coord.Client;
using Orleans.Coord.Grains;
using Orleans.Coord.Server;
using Orleans.Coord.Testing;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.Limits;

/// <summary>
/// Each of the silo's resource limits (<see cref="CoordResourceLimits"/>), at its edge, on a one-silo TestingHost
/// cluster configured with small limits: the request past the limit throws
/// <see cref="CoordinationLimitExceededException"/> naming the limit, and nothing changes.
/// </summary>
public sealed class ResourceLimitTests : IAsyncLifetime
{
    private const int Waiters = 2;
    private const int Members = 2;
    private const int Watches = 1;
    private const int Holds = 2;
    private const int Memberships = 2;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private CoordCluster _coord = null!;

    private IClusterClient Client => _coord.Cluster.Client;

    public async Task InitializeAsync() => _coord = await CoordCluster.StartAsync(silos: 1, configure: b =>
    {
        b.AddCoordination();
        b.AddSiloBuilderConfigurator<SmallLimits>();
    });

    public async Task DisposeAsync() => await _coord.DisposeAsync();

    [Fact]
    public async Task A_waiter_past_the_lock_limit_is_refused_and_the_queue_is_unchanged()
    {
        var name = $"lim-{Guid.NewGuid():N}";
        await using var holder = await Coordinator.StartAsync(Client, "holder");
        await using var held = await holder.Locks.AcquireAsync(name, Long);
        var sessions = new List<ICoordinator>();
        for (var i = 0; i <= Waiters; i++)
        {
            sessions.Add(await Coordinator.StartAsync(Client, $"w{i}"));
        }

        var waiting = sessions.Take(Waiters).Select(s => s.Locks.TryAcquireAsync(name, Long)).ToArray();
        await Poll.UntilAsync(async () => await Client.GetGrain<ILockGrain>(name).GetQueueLengthAsync() == Waiters, Long, $"{Waiters} waiters queue");

        var refused = await Assert.ThrowsAsync<CoordinationLimitExceededException>(() => sessions[Waiters].Locks.TryAcquireAsync(name, Long).WaitAsync(Long));

        Assert.Equal(("lock '" + name + "'", nameof(CoordResourceLimits.MaxWaiters), Waiters), (refused.Resource, refused.Limit, refused.Value));
        Assert.Equal(Waiters, await Client.GetGrain<ILockGrain>(name).GetQueueLengthAsync());
        // The two waiters queued concurrently, in either order: the one at the head gets the lock.
        await held.DisposeAsync();
        await using var next = await (await Task.WhenAny(waiting).WaitAsync(Long));
        Assert.NotNull(next);
        foreach (var s in sessions)
        {
            await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_candidate_past_the_election_limit_is_refused()
    {
        var name = $"lim-{Guid.NewGuid():N}";
        await using var leader = await Coordinator.StartAsync(Client, "leader");
        await using var leads = await leader.Elections.CampaignAsync(name, "l"u8.ToArray());
        var sessions = new List<ICoordinator>();
        for (var i = 0; i <= Waiters; i++)
        {
            sessions.Add(await Coordinator.StartAsync(Client, $"c{i}"));
        }

        _ = sessions.Take(Waiters).Select(s => s.Elections.CampaignAsync(name, "c"u8.ToArray())).ToArray();
        await Poll.UntilAsync(async () => (await Client.GetGrain<IElectionGrain>(name).GetSnapshotAsync()).Candidates == Waiters, Long, $"{Waiters} candidates wait");

        var refused = await Assert.ThrowsAsync<CoordinationLimitExceededException>(() => sessions[Waiters].Elections.CampaignAsync(name, "c"u8.ToArray()).WaitAsync(Long));

        Assert.Equal(nameof(CoordResourceLimits.MaxWaiters), refused.Limit);
        var snapshot = await Client.GetGrain<IElectionGrain>(name).GetSnapshotAsync();
        Assert.Equal((Waiters, "leader"), (snapshot.Candidates, snapshot.Leader!.MemberId));
        foreach (var s in sessions)
        {
            await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_member_past_the_group_limit_is_refused_and_the_group_is_unchanged()
    {
        var group = $"lim-{Guid.NewGuid():N}";
        var sessions = new List<ICoordinator>();
        for (var i = 0; i <= Members; i++)
        {
            sessions.Add(await Coordinator.StartAsync(Client, $"m{i}"));
        }

        foreach (var s in sessions.Take(Members))
        {
            await s.Groups.JoinOrCreateAsync(group);
        }

        var before = await sessions[0].Groups.GetSnapshotAsync(group);
        var refused = await Assert.ThrowsAsync<CoordinationLimitExceededException>(() => sessions[Members].Groups.JoinAsync(group));

        Assert.Equal(("group '" + group + "'", nameof(CoordResourceLimits.MaxMembers), Members), (refused.Resource, refused.Limit, refused.Value));
        var after = await sessions[0].Groups.GetSnapshotAsync(group);
        Assert.Equal((before.Version, Members), (after.Version, after.Members.Count));

        // A member that leaves makes room.
        await sessions[0].Groups.LeaveAsync(group);
        await sessions[Members].Groups.JoinAsync(group);
        foreach (var s in sessions)
        {
            await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_watch_past_the_grain_limit_is_refused_and_the_first_watch_keeps_working()
    {
        // The limit counts push registrations, and a client's watches of a grain share one: the second client is refused.
        var group = $"lim-{Guid.NewGuid():N}";
        await using var s = await Coordinator.StartAsync(Client, "watcher");
        await using var other = await Coordinator.StartAsync(await _coord.ClientOnSiloAsync(0), "other-watcher");
        await s.Groups.CreateAsync(group);
        await using var first = await s.Groups.OpenWatchAsync(group);

        var refused = await Assert.ThrowsAsync<CoordinationLimitExceededException>(() => other.Groups.OpenWatchAsync(group));

        Assert.Equal(("group '" + group + "'", nameof(CoordResourceLimits.MaxWatches), Watches), (refused.Resource, refused.Limit, refused.Value));
        await using var events = new EventCollector<Orleans.Coord.Groups.GroupEvent>(ct => first.ReadEventsAsync(ct));
        await s.Groups.JoinAsync(group);
        await events.WaitForAsync(e => e.Any(x => x.MemberId == "watcher"), "the first watch sees the join");
    }

    [Fact]
    public async Task A_clients_watches_share_one_registration_at_the_grain_until_the_last_is_disposed()
    {
        var group = $"lim-{Guid.NewGuid():N}";
        // A lease of three minutes: the registration is gone within the wait below only when it is ended, not lapsed.
        var longLease = new CoordinatorOptions { WatchResyncInterval = TimeSpan.FromMinutes(1) };
        await using var s = await Coordinator.StartAsync(Client, "sharer", longLease);
        await using var t = await Coordinator.StartAsync(Client, "sharer-2", longLease);
        await using var outsider = await Coordinator.StartAsync(await _coord.ClientOnSiloAsync(0), "outsider");
        await s.Groups.CreateAsync(group);

        // Four watches from two sessions of one client, past a limit of one registration: they hold one.
        var watches = new List<IGroupWatch>();
        for (var i = 0; i < 4; i++)
        {
            watches.Add(await (i % 2 == 0 ? s : t).Groups.OpenWatchAsync(group));
        }

        await Assert.ThrowsAsync<CoordinationLimitExceededException>(() => outsider.Groups.OpenWatchAsync(group));

        // Disposing one keeps the registration (still refused) and the others working.
        await watches[0].DisposeAsync();
        await Assert.ThrowsAsync<CoordinationLimitExceededException>(() => outsider.Groups.OpenWatchAsync(group));
        var collectors = watches.Skip(1).Select(w => new EventCollector<Orleans.Coord.Groups.GroupEvent>(ct => w.ReadEventsAsync(ct))).ToList();
        await s.Groups.JoinAsync(group);
        foreach (var events in collectors)
        {
            await events.WaitForAsync(e => e.Any(x => x.MemberId == "sharer"), "each remaining watch sees the join");
            await events.DisposeAsync();
        }

        // The last dispose unregisters: the registration count at the grain is back to zero, so the outsider is taken.
        foreach (var watch in watches.Skip(1))
        {
            await watch.DisposeAsync();
        }

        IGroupWatch? admitted = null;
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    admitted = await outsider.Groups.OpenWatchAsync(group);
                    return true;
                }
                catch (CoordinationLimitExceededException)
                {
                    return false;
                }
            },
            Long,
            "the outsider's watch is taken once the client's last watch is disposed");
        await admitted!.DisposeAsync();
    }

    [Fact]
    public async Task A_lock_past_the_session_limit_is_refused_and_a_resent_attach_is_not_counted_twice()
    {
        var names = Enumerable.Range(0, Holds + 1).Select(i => $"lim-{Guid.NewGuid():N}-{i}").ToArray();
        await using var s = await Coordinator.StartAsync(Client, "holder");
        var held = new List<ILockHandle>();
        foreach (var name in names.Take(Holds))
        {
            held.Add((await s.Locks.TryAcquireAsync(name, TimeSpan.Zero))!);
        }

        // What the session already holds, sent again (as a retry would): not counted a second time.
        var session = Client.GetGrain<ISessionGrain>(s.SessionId);
        await session.AttachAsync(held.Select(h => Client.GetGrain<ILockGrain>(h.Name).GetGrainId()).ToArray());

        var refused = await Assert.ThrowsAsync<CoordinationLimitExceededException>(() => s.Locks.TryAcquireAsync(names[Holds], TimeSpan.Zero));

        Assert.Equal(($"session {s.SessionId:N} of member 'holder'", nameof(CoordResourceLimits.MaxHoldsPerSession), Holds), (refused.Resource, refused.Limit, refused.Value));
        // Nothing changed: the refused lock is free for another session; a lock the session used before is not a new one.
        await using var other = await Coordinator.StartAsync(Client, "other");
        await using (var free = await other.Locks.TryAcquireAsync(names[Holds], TimeSpan.Zero))
        {
            Assert.NotNull(free);
        }

        await held[0].DisposeAsync();
        await using var again = await s.Locks.TryAcquireAsync(names[0], TimeSpan.Zero);
        Assert.NotNull(again);
        await held[1].DisposeAsync();
    }

    [Fact]
    public async Task A_group_past_the_session_limit_is_refused_and_the_group_is_unchanged()
    {
        var groups = Enumerable.Range(0, Memberships + 1).Select(i => $"lim-{Guid.NewGuid():N}-{i}").ToArray();
        await using var s = await Coordinator.StartAsync(Client, "joiner");
        await s.Groups.CreateAsync(groups[Memberships]);
        foreach (var group in groups.Take(Memberships))
        {
            await s.Groups.JoinOrCreateAsync(group);
        }

        var refused = await Assert.ThrowsAsync<CoordinationLimitExceededException>(() => s.Groups.JoinAsync(groups[Memberships]));

        Assert.Equal(nameof(CoordResourceLimits.MaxMembershipsPerSession), refused.Limit);
        Assert.Empty((await s.Groups.GetSnapshotAsync(groups[Memberships])).Members);
        // Leaving and joining again a group the session already used is not a new membership.
        await s.Groups.LeaveAsync(groups[0]);
        await s.Groups.JoinAsync(groups[0]);
        Assert.Single((await s.Groups.GetSnapshotAsync(groups[0])).Members);
    }

    private sealed class SmallLimits : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.Configure<CoordResourceLimits>(o =>
        {
            o.MaxWaiters = Waiters;
            o.MaxMembers = Members;
            o.MaxWatches = Watches;
            o.MaxHoldsPerSession = Holds;
            o.MaxMembershipsPerSession = Memberships;
        });
    }
}
