using Orleans.Coord.Client;
using Orleans.Coord.Grains;
using Orleans.Coord.Locks;
using Orleans.Coord.Server;
using Orleans.Coord.Testing;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.TestingHost;

namespace Orleans.Coord.Tests.Limits;

/// <summary>
/// The per-session limits bound what a session holds, waits on and is a member of at once, not what it used over its
/// life: the session grain prunes its record of attached grains (each grain answers
/// <see cref="ISessionBoundGrain.TryDetachAsync"/>) before it refuses. On a one-silo TestingHost cluster with limits of
/// <see cref="Limit"/>: many names used one after another are never refused, the limit still refuses what would pass
/// it at once, and pruning never loses a hold: the session's end still releases everything, also a grain that was
/// pruned and used again.
/// </summary>
public sealed class SessionRecordPruningTests : IAsyncLifetime
{
    private const int Limit = 5;
    private const int Used = 4 * Limit;
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);
    private CoordCluster _coord = null!;

    private IClusterClient Client => _coord.Cluster.Client;

    public async Task InitializeAsync() => _coord = await CoordCluster.StartAsync(silos: 1, configure: b =>
    {
        b.AddCoordination();
        b.AddSiloBuilderConfigurator<SmallSessionLimits>();
    });

    public async Task DisposeAsync() => await _coord.DisposeAsync();

    [Fact]
    public async Task Locks_used_one_after_another_are_never_refused_and_the_limit_bounds_the_locks_held_at_once()
    {
        var prefix = $"prune-{Guid.NewGuid():N}-";
        await using var s = await Coordinator.StartAsync(Client, "worker");
        for (var i = 0; i < Used; i++)
        {
            await using var handle = await s.Locks.TryAcquireAsync(prefix + i, TimeSpan.Zero);
            Assert.NotNull(handle);
        }

        Assert.InRange(await RecordedAsync(s.SessionId), 0, Limit);

        var held = new List<ILockHandle>();
        for (var i = 0; i < Limit; i++)
        {
            held.Add((await s.Locks.TryAcquireAsync($"{prefix}held-{i}", TimeSpan.Zero))!);
        }

        var extra = $"{prefix}extra";
        var refused = await Assert.ThrowsAsync<CoordinationLimitExceededException>(() => s.Locks.TryAcquireAsync(extra, TimeSpan.Zero));

        Assert.Equal(($"session {s.SessionId:N} of member 'worker'", nameof(CoordResourceLimits.MaxHoldsPerSession), Limit), (refused.Resource, refused.Limit, refused.Value));
        Assert.Null(await Client.GetGrain<ILockGrain>(extra).GetHolderAsync());
        await using (var other = await Coordinator.StartAsync(Client, "other"))
        await using (var free = await other.Locks.TryAcquireAsync(extra, TimeSpan.Zero))
        {
            Assert.NotNull(free);
        }

        // Once one is released, a new one fits.
        await held[0].DisposeAsync();
        await using (var fits = await s.Locks.TryAcquireAsync(extra, TimeSpan.Zero))
        {
            Assert.NotNull(fits);
        }

        foreach (var h in held.Skip(1))
        {
            await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task Groups_joined_and_left_one_after_another_are_never_refused_and_the_limit_bounds_the_memberships_at_once()
    {
        var prefix = $"prune-{Guid.NewGuid():N}-";
        await using var s = await Coordinator.StartAsync(Client, "joiner");
        for (var i = 0; i < Used; i++)
        {
            await s.Groups.JoinOrCreateAsync(prefix + i);
            await s.Groups.LeaveAsync(prefix + i);
        }

        Assert.InRange(await RecordedAsync(s.SessionId), 0, Limit);

        for (var i = 0; i < Limit; i++)
        {
            await s.Groups.JoinOrCreateAsync($"{prefix}member-{i}");
        }

        var extra = $"{prefix}extra";
        await s.Groups.CreateAsync(extra);
        var refused = await Assert.ThrowsAsync<CoordinationLimitExceededException>(() => s.Groups.JoinAsync(extra));

        Assert.Equal(nameof(CoordResourceLimits.MaxMembershipsPerSession), refused.Limit);
        Assert.Empty((await s.Groups.GetSnapshotAsync(extra)).Members);
        await s.Groups.LeaveAsync($"{prefix}member-0");
        await s.Groups.JoinAsync(extra);
        Assert.Single((await s.Groups.GetSnapshotAsync(extra)).Members);
    }

    [Fact]
    public async Task Elections_campaigned_in_one_after_another_are_never_refused()
    {
        var prefix = $"prune-{Guid.NewGuid():N}-";
        await using var s = await Coordinator.StartAsync(Client, "candidate");
        for (var i = 0; i < Used; i++)
        {
            await using var leadership = await s.Elections.CampaignAsync(prefix + i, "v"u8.ToArray()).WaitAsync(Long);
        }

        Assert.InRange(await RecordedAsync(s.SessionId), 0, Limit);
    }

    [Fact]
    public async Task A_lock_acquired_after_a_prune_is_released_when_the_session_ends()
    {
        var prefix = $"prune-{Guid.NewGuid():N}-";
        var s = await Coordinator.StartAsync(Client, "worker");
        await UseOneAfterAnotherAsync(s, prefix, Limit + 1);
        var kept = prefix + "kept";
        var handle = await s.Locks.TryAcquireAsync(kept, TimeSpan.Zero);
        Assert.NotNull(handle);
        Assert.Contains(kept, await RecordedNamesAsync(s.SessionId));

        await s.StopAsync();

        await using var rival = await Coordinator.StartAsync(Client, "rival");
        await using var taken = await rival.Locks.TryAcquireAsync(kept, TimeSpan.Zero);
        Assert.NotNull(taken);
        await s.DisposeAsync();
    }

    [Fact]
    public async Task A_pruned_lock_used_again_is_recorded_again_and_released_when_the_session_ends()
    {
        var prefix = $"prune-{Guid.NewGuid():N}-";
        var again = prefix + "again";
        var s = await Coordinator.StartAsync(Client, "worker");
        await using (var first = await s.Locks.TryAcquireAsync(again, TimeSpan.Zero))
        {
            Assert.NotNull(first);
        }

        // Limit more distinct locks: the last one's attach passes the limit and prunes the record, "again" included.
        await UseOneAfterAnotherAsync(s, prefix, Limit);
        Assert.DoesNotContain(again, await RecordedNamesAsync(s.SessionId));

        // The client attached it once and does not attach it again: the lock grain records itself before granting.
        var handle = await s.Locks.TryAcquireAsync(again, TimeSpan.Zero);
        Assert.NotNull(handle);
        Assert.Contains(again, await RecordedNamesAsync(s.SessionId));

        await s.StopAsync();

        await using var rival = await Coordinator.StartAsync(Client, "rival");
        await using var taken = await rival.Locks.TryAcquireAsync(again, TimeSpan.Zero);
        Assert.NotNull(taken);
        await s.DisposeAsync();
    }

    [Fact]
    public async Task A_lock_keeps_a_session_that_holds_or_waits_and_lets_go_of_one_that_has_nothing_there()
    {
        var name = $"prune-{Guid.NewGuid():N}";
        var grain = Client.GetGrain<ILockGrain>(name);
        await using var holder = await Coordinator.StartAsync(Client, "holder");
        await using var waiter = await Coordinator.StartAsync(Client, "waiter");
        var held = await holder.Locks.TryAcquireAsync(name, TimeSpan.Zero);
        Assert.NotNull(held);
        var waiting = waiter.Locks.AcquireAsync(name, Long);
        await Poll.UntilAsync(async () => await grain.GetQueueLengthAsync() == 1, Long, "the waiter queues");

        Assert.False(await grain.TryDetachAsync(holder.SessionId));
        Assert.False(await grain.TryDetachAsync(waiter.SessionId));

        await held!.DisposeAsync();
        await using var next = await waiting.WaitAsync(Long);
        Assert.True(await grain.TryDetachAsync(holder.SessionId));
        Assert.False(await grain.TryDetachAsync(waiter.SessionId));
    }

    [Fact]
    public async Task A_late_copy_of_a_released_acquire_grants_nothing_after_the_lock_was_pruned_from_the_record()
    {
        var name = $"prune-{Guid.NewGuid():N}";
        var grain = Client.GetGrain<ILockGrain>(name);
        await using var s = await Coordinator.StartAsync(Client, "worker");
        var session = Client.GetGrain<ISessionGrain>(s.SessionId);
        var acquire = Guid.NewGuid();
        var grant = await grain.TryAcquireAsync(s.SessionId, "worker", acquire, default, observer: null);
        Assert.NotNull(grant);
        Assert.True(await grain.ReleaseAsync(s.SessionId, Guid.NewGuid(), default, grant.Token));

        // Limit more distinct locks: the last one's attach prunes the record, this lock included.
        await UseOneAfterAnotherAsync(s, name + "-", Limit);
        Assert.DoesNotContain(name, await RecordedNamesAsync(s.SessionId));

        Assert.Null(await grain.TryAcquireAsync(s.SessionId, "worker", acquire, default, observer: null));
        Assert.Null(await grain.GetHolderAsync());
        Assert.DoesNotContain(name, await RecordedNamesAsync(s.SessionId));
        Assert.True(await session.IsAliveAsync());
    }

    /// <summary>Acquires and releases <paramref name="count"/> distinct locks, one after another; none may be refused.</summary>
    private static async Task UseOneAfterAnotherAsync(ICoordinator s, string prefix, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await using var handle = await s.Locks.TryAcquireAsync($"{prefix}used-{i}", TimeSpan.Zero);
            Assert.NotNull(handle);
        }
    }

    private async Task<int> RecordedAsync(Guid sessionId) => (await RecordedNamesAsync(sessionId)).Count;

    private async Task<IReadOnlyList<string>> RecordedNamesAsync(Guid sessionId) =>
        (await Client.GetGrain<ISessionGrain>(sessionId).GetInfoAsync())!.Resources.Select(r => r.Name).ToArray();

    private sealed class SmallSessionLimits : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.Configure<CoordResourceLimits>(o =>
        {
            o.MaxHoldsPerSession = Limit;
            o.MaxMembershipsPerSession = Limit;
        });
    }
}
