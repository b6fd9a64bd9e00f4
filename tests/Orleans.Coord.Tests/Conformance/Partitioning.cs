using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Groups;
using Orleans.Coord.Client.Partitioning;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>
/// Partitioned groups on the shared 3-silo cluster: sessions on clients of different silos converge to the same ring,
/// split the key space exactly, and follow leaves, stops, expiries and weight updates through pushed group events.
/// </summary>
public abstract partial class ConformanceTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The sessions of these tests end only when a test stops them or lets them die (the expiry test has its own short
    /// TTL). The in-process cluster shares 2 cores with the other test collections and stalls for up to a second while
    /// they start clusters; a TTL well above that keeps a stall from expiring a session mid-test, which would show up
    /// here as a ring change nobody made.
    /// </summary>
    private static readonly TimeSpan SessionTtl = TimeSpan.FromSeconds(20);
    private static readonly string[] Keys = Enumerable.Range(0, 3_000).Select(i => $"job-{i}").ToArray();

    [Fact]
    public async Task Members_on_three_silos_converge_to_one_ring_that_splits_the_key_space_exactly()
    {
        await using var members = await PartitionedMembers.StartAsync(Cluster, ["a", "b", "c"]);

        await members.WaitForMembersAsync(members.Ids);

        var owned = new Dictionary<string, int>();
        foreach (var key in Keys)
        {
            var owners = members.Partitioners.Where(p => p.BelongsToSelf(key)).Select(p => p.MemberId).ToArray();
            var owner = Assert.Single(owners);
            Assert.All(members.Partitioners, p => Assert.Equal(owner, p.MembersFor(key)[0]));
            Assert.All(members.Partitioners, p => Assert.True(p.BelongsTo(key, owner)));
            owned[owner] = owned.GetValueOrDefault(owner) + 1;
        }

        Assert.All(members.Ids, id => Assert.InRange(owned.GetValueOrDefault(id), Keys.Length / 10, Keys.Length));
        Assert.All(members.Partitioners, p => Assert.Equal(3, p.MembersFor("replicated", replicas: 3).Distinct().Count()));
    }

    [Fact]
    public async Task A_member_that_leaves_and_then_one_that_stops_fire_RingChanged_and_the_ring_converges()
    {
        await using var members = await PartitionedMembers.StartAsync(Cluster, ["a", "b", "c"]);
        await members.WaitForMembersAsync(members.Ids);
        var (a, b, c) = (members.Partitioners[0], members.Partitioners[1], members.Partitioners[2]);
        var seenByA = new ConcurrentQueue<RingChangedEventArgs>();
        var seenByB = new ConcurrentQueue<RingChangedEventArgs>();
        a.RingChanged += (_, e) => seenByA.Enqueue(e);
        b.RingChanged += (_, e) => seenByB.Enqueue(e);
        using var stopReading = new CancellationTokenSource();
        var streamedToA = new ConcurrentQueue<RingChangedEventArgs>();
        var changesOfA = a.ReadRingChangesAsync(stopReading.Token);
        var reading = Task.Run(async () =>
        {
            await foreach (var change in changesOfA)
            {
                streamedToA.Enqueue(change);
            }
        });

        // c leaves explicitly.
        await c.DisposeAsync();
        Assert.False(await members.Sessions[0].Groups.IsMemberUpAsync(members.Group, c.MemberId));
        await Poll.UntilAsync(() => !seenByA.IsEmpty && !seenByB.IsEmpty, Bound, () => $"a and b see c leave (a saw {Describe(seenByA)} at version {a.Version}, b saw {Describe(seenByB)} at version {b.Version})");
        Assert.True(seenByA.Count == 1 && seenByB.Count == 1, $"one change each: a saw {Describe(seenByA)}, b saw {Describe(seenByB)}");
        foreach (var change in seenByA.Concat(seenByB))
        {
            Assert.Equal(members.Ids, change.OldMembers);
            Assert.Equal(members.Ids[..2], change.NewMembers);
            Assert.Equal([c.MemberId], change.Removed);
            Assert.Empty(change.Added);
            Assert.Equal(GroupEventKind.Left, change.Cause.Kind);
        }

        Assert.Equal(members.Ids[..2], a.Members);
        Assert.Equal(members.Ids[..2], b.Members);
        Assert.All(Keys, k => Assert.True(a.BelongsToSelf(k) ^ b.BelongsToSelf(k)));

        // b's session stops without b leaving: the membership ends with the session.
        await members.Sessions[1].StopAsync();
        await Poll.UntilAsync(() => seenByA.Count >= 2, Bound, () => $"a sees b's session stop (a saw {Describe(seenByA)} at version {a.Version})");
        Assert.True(seenByA.Count == 2, $"one more change: a saw {Describe(seenByA)}");
        var stopped = seenByA.Last();
        Assert.Equal([b.MemberId], stopped.Removed);
        Assert.Equal([a.MemberId], stopped.NewMembers);
        Assert.Equal("session stopped", stopped.Cause.Reason);
        Assert.Equal([a.MemberId], a.Members);
        Assert.All(Keys, k => Assert.True(a.BelongsToSelf(k)));

        await Poll.UntilAsync(() => streamedToA.Count == 2, Bound, "the change stream yields the same two changes");
        Assert.Equal(seenByA, streamedToA);
        await stopReading.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Bound));
    }

    [Fact]
    public async Task A_member_whose_client_died_expires_from_the_others_rings()
    {
        await using var members = await PartitionedMembers.StartAsync(Cluster, ["survivor"]);
        var survivor = members.Partitioners[0];
        var host = await Cluster.StartDisposableClientAsync(2);
        var doomedSession = await Coordinator.StartAsync(
            host.Services.GetRequiredService<IClusterClient>(), $"doomed-{members.Suffix}", new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(2) });
        var doomed = await doomedSession.JoinPartitionedAsync(members.Group);
        await Poll.UntilAsync(() => survivor.Members.Count == 2, Bound, "the survivor sees the doomed member join");
        var expired = new TaskCompletionSource<RingChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);

        // The ring takes the join before it raises RingChanged for it, so the join's event can still arrive here: wait
        // for the change that removes a member.
        survivor.RingChanged += (_, e) =>
        {
            if (e.Removed.Count > 0)
            {
                expired.TrySetResult(e);
            }
        };

        host.Dispose();

        var change = await expired.Task.WaitAsync(Bound);
        Assert.Equal(GroupEventKind.Expired, change.Cause.Kind);
        Assert.Equal([doomed.MemberId], change.Removed);
        Assert.Equal([survivor.MemberId], survivor.Members);
        await doomed.DisposeAsync();
        await doomedSession.DisposeAsync();
    }


    [Fact]
    public async Task Weights_come_from_capabilities_and_a_weight_update_moves_the_ring()
    {
        await using var members = await PartitionedMembers.StartAsync(Cluster, ["heavy"], weight: 3);
        var heavy = members.Partitioners[0];
        await using var plain = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), $"plain-{members.Suffix}", new CoordinatorOptions());
        await plain.Groups.JoinAsync(members.Group);
        await Poll.UntilAsync(() => heavy.Members.Count == 2, Bound, "the plain member is on the ring");
        Assert.Equal(3, heavy.Weights[heavy.MemberId]);
        Assert.Equal(1, heavy.Weights[plain.MemberId]);
        var heavyShare = Keys.Count(k => heavy.BelongsToSelf(k));
        Assert.True(heavyShare > Keys.Length / 2, $"weight 3 against weight 1 should own most keys (owns {heavyShare} of {Keys.Length})");

        var updated = new TaskCompletionSource<RingChangedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        heavy.RingChanged += (_, e) => updated.TrySetResult(e);
        await plain.Groups.UpdateCapabilitiesAsync(members.Group, new { weight = 5 });

        var change = await updated.Task.WaitAsync(Bound);
        Assert.Equal(GroupEventKind.CapabilitiesUpdated, change.Cause.Kind);
        Assert.Equal(1, change.OldWeights[plain.MemberId]);
        Assert.Equal(5, change.NewWeights[plain.MemberId]);
        Assert.Equal(change.OldMembers, change.NewMembers);
        Assert.True(Keys.Count(k => heavy.BelongsToSelf(k)) < heavyShare, "the heavier plain member takes keys from heavy");
    }

    [Fact]
    public async Task Disposing_leaves_the_group_and_ends_the_change_stream()
    {
        await using var session = await Coordinator.StartAsync(Cluster.ClientOnSilo(2), "leaver", new CoordinatorOptions());
        var group = $"part-{Guid.NewGuid():N}";
        var partitioner = await session.JoinPartitionedAsync(group);
        Assert.Equal(["leaver"], partitioner.Members);
        var capabilities = await session.Groups.GetMemberCapabilitiesAsync<Dictionary<string, int>>(group, "leaver");
        Assert.Equal(1, capabilities!["weight"]);
        var changes = partitioner.ReadRingChangesAsync();
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in changes)
            {
            }
        });

        await partitioner.DisposeAsync();
        await partitioner.DisposeAsync();

        await reading.WaitAsync(Bound);
        Assert.False(await session.Groups.IsMemberUpAsync(group, "leaver"));
        await using var again = await session.JoinPartitionedAsync(group);
        Assert.Equal(["leaver"], again.Members);
    }

    private static string Describe(IEnumerable<RingChangedEventArgs> changes) =>
        "[" + string.Join("; ", changes.Select(c => $"{c.Cause.Kind} {c.Cause.MemberId} v{c.Cause.Version} '{c.Cause.Reason}' resync={c.Cause.IsResync} -> {string.Join(",", c.NewMembers)}")) + "]";

    /// <summary>Sessions on clients of different silos, each with a partitioner of one fresh group.</summary>
    private sealed class PartitionedMembers : IAsyncDisposable
    {
        private PartitionedMembers(string group, string suffix, string[] ids, ICoordinator[] sessions, IPartitioner[] partitioners)
        {
            Group = group;
            Suffix = suffix;
            Ids = ids;
            Sessions = sessions;
            Partitioners = partitioners;
        }

        public string Group { get; }

        public string Suffix { get; }

        /// <summary>The member ids, ordered ordinally (the order of <see cref="Sessions"/> and <see cref="Partitioners"/>).</summary>
        public string[] Ids { get; }

        public ICoordinator[] Sessions { get; }

        public IPartitioner[] Partitioners { get; }

        public static async Task<PartitionedMembers> StartAsync(IConformanceCluster cluster, string[] names, int weight = 1)
        {
            var suffix = Guid.NewGuid().ToString("N")[..8];
            var group = $"part-{suffix}";
            var ids = names.Select(n => $"{n}-{suffix}").Order(StringComparer.Ordinal).ToArray();
            var sessions = await Task.WhenAll(ids.Select((id, i) => Coordinator.StartAsync(cluster.ClientOnSilo(i), id, new CoordinatorOptions { SessionTtl = SessionTtl })));
            var partitioners = await Task.WhenAll(sessions.Select(s => s.JoinPartitionedAsync(group, weight)));
            return new PartitionedMembers(group, suffix, ids, sessions, partitioners);
        }

        public Task WaitForMembersAsync(string[] expected) =>
            Poll.UntilAsync(() => Partitioners.All(p => p.Members.SequenceEqual(expected)), Bound, $"every partitioner has members {string.Join(", ", expected)}");

        public async ValueTask DisposeAsync()
        {
            foreach (var partitioner in Partitioners)
            {
                await partitioner.DisposeAsync();
            }

            foreach (var session in Sessions)
            {
                await session.DisposeAsync();
            }
        }
    }
}
