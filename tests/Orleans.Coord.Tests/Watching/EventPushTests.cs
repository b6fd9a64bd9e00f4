using Orleans.Coord.Elections;
using Orleans.Coord.Grains;
using Orleans.Coord.Groups;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Watching;
using Orleans.Coord.Client;
using Orleans.Coord.Server.Internal;

namespace Orleans.Coord.Tests.Watching;

/// <summary>
/// The push fast path of watches: group and election grains push each event to the observers registered with them,
/// stop when a registration is ended or its lease lapses, and refuse a bad lease without registering anything.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class EventPushTests(SharedClusterFixture fixture)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_group_pushes_each_event_to_registered_watchers_and_not_after_unwatch()
    {
        var client = fixture.ClientOnSilo(1);
        var group = $"push-{Guid.NewGuid():N}";
        var grain = client.GetGrain<IGroupGrain>(group);
        using var first = new EventRecorder<GroupEvent>(client);
        using var second = new EventRecorder<GroupEvent>(client);
        await using var member = await Coordinator.StartAsync(fixture.ClientOnSilo(0), "pushed-member");

        Assert.Equal(-1, await grain.WatchAsync(first.Reference, Lease));
        await member.Groups.JoinOrCreateAsync(group);
        await Poll.UntilAsync(() => !first.Events.IsEmpty, Patience, "the join is pushed");
        var joined = Assert.Single(first.Events);
        Assert.Equal((GroupEventKind.Joined, "pushed-member", 1L), (joined.Kind, joined.MemberId, joined.Version));

        await grain.UnwatchAsync(first.Reference);
        Assert.Equal(1, await grain.WatchAsync(second.Reference, Lease));
        await member.Groups.LeaveAsync(group);
        await Poll.UntilAsync(() => !second.Events.IsEmpty, Patience, "the leave is pushed to the second watcher");
        Assert.Equal((GroupEventKind.Left, 2L), (Assert.Single(second.Events).Kind, second.Events.Single().Version));
        Assert.Single(first.Events);
    }

    [Fact]
    public async Task An_election_pushes_the_new_leader_to_registered_observers()
    {
        var client = fixture.ClientOnSilo(2);
        var election = $"push-{Guid.NewGuid():N}";
        using var recorder = new EventRecorder<ElectionEvent>(client);
        await using var candidate = await Coordinator.StartAsync(fixture.ClientOnSilo(0), "pushed-leader");

        await client.GetGrain<IElectionGrain>(election).WatchAsync(recorder.Reference, Lease);
        await using var leadership = await candidate.Elections.CampaignAsync(election, "v"u8.ToArray());
        await Poll.UntilAsync(() => !recorder.Events.IsEmpty, Patience, "the election is pushed");
        var elected = recorder.Events.First();
        Assert.Equal((ElectionEventKind.Elected, "pushed-leader", leadership.Term), (elected.Kind, elected.MemberId, elected.Term));
    }

    [Fact]
    public async Task A_bad_lease_is_refused_and_registers_nothing()
    {
        var client = fixture.ClientOnSilo(0);
        var group = $"push-{Guid.NewGuid():N}";
        var grain = client.GetGrain<IGroupGrain>(group);
        using var refused = new EventRecorder<GroupEvent>(client);
        using var accepted = new EventRecorder<GroupEvent>(client);

        foreach (var lease in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(-1), PushLease.Max + TimeSpan.FromSeconds(1) })
        {
            var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.WatchAsync(refused.Reference, lease));
            // The parameter name does not survive the trip from the grain; the message names it and the limit.
            Assert.Contains("lease must be positive and at most 4 hours", error.Message);
        }

        await grain.WatchAsync(accepted.Reference, Lease);
        await using var member = await Coordinator.StartAsync(fixture.ClientOnSilo(1), "lease-member");
        await member.Groups.JoinOrCreateAsync(group);
        await Poll.UntilAsync(() => !accepted.Events.IsEmpty, Patience, "the join is pushed to the accepted watcher");
        Assert.Empty(refused.Events);
    }

    [Fact]
    public async Task A_registration_whose_lease_lapsed_is_dropped_and_a_renewed_one_is_kept()
    {
        var client = fixture.ClientOnSilo(0);
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var log = new ErrorRecordingLogger();
        var watchers = new EventWatchers<GroupEvent>(clock, log);
        using var lapsed = new EventRecorder<GroupEvent>(client);
        using var renewed = new EventRecorder<GroupEvent>(client);

        watchers.Renew(lapsed.Reference, TimeSpan.FromSeconds(10), max: 10, "group 'g'");
        watchers.Renew(renewed.Reference, TimeSpan.FromSeconds(10), max: 10, "group 'g'");
        clock.Advance(TimeSpan.FromSeconds(8));
        watchers.Renew(renewed.Reference, TimeSpan.FromSeconds(10), max: 10, "group 'g'");
        clock.Advance(TimeSpan.FromSeconds(8));
        watchers.Push(new GroupEvent("g", "m", GroupEventKind.Joined, "join", 1, clock.GetUtcNow(), []));

        Assert.Equal(1, watchers.Count);
        await Poll.UntilAsync(() => !renewed.Events.IsEmpty, Patience, "the renewed watcher is pushed the event");
        Assert.Empty(lapsed.Events);
        Assert.Empty(log.Errors);
    }

    [Fact]
    public void A_watcher_beyond_the_limit_is_refused_until_a_lease_lapses_and_a_renewal_always_passes()
    {
        var client = fixture.ClientOnSilo(0);
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var watchers = new EventWatchers<GroupEvent>(clock, new ErrorRecordingLogger());
        using var first = new EventRecorder<GroupEvent>(client);
        using var second = new EventRecorder<GroupEvent>(client);
        watchers.Renew(first.Reference, TimeSpan.FromSeconds(10), max: 1, "group 'g'");

        var refused = Assert.Throws<CoordinationLimitExceededException>(() => watchers.Renew(second.Reference, TimeSpan.FromSeconds(10), max: 1, "group 'g'"));
        Assert.Equal(("group 'g'", "MaxWatches", 1), (refused.Resource, refused.Limit, refused.Value));
        Assert.Contains("Coordination:Limits:MaxWatches", refused.Message);
        watchers.Renew(first.Reference, TimeSpan.FromSeconds(10), max: 1, "group 'g'");
        Assert.Equal(1, watchers.Count);

        clock.Advance(TimeSpan.FromSeconds(11));
        watchers.Renew(second.Reference, TimeSpan.FromSeconds(10), max: 1, "group 'g'");
        Assert.Equal(1, watchers.Count);
    }
}
