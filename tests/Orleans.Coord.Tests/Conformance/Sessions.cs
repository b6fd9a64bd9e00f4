using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Grains;
using Orleans.Coord.Groups;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Conformance;

/// <summary>Session leases on every backend: a clean stop releases at once; a dead client's session expires after its TTL.</summary>
public abstract partial class ConformanceTests
{
    [Fact]
    public async Task A_clean_stop_removes_the_member_at_once_with_one_left_event()
    {
        var group = $"s-{Guid.NewGuid():N}";
        var options = new CoordinatorOptions { SessionTtl = TimeSpan.FromMinutes(5) };
        await using var watcher = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "watcher", options);
        await watcher.Groups.CreateAsync(group);
        await using var watch = await watcher.Groups.OpenWatchAsync(group);
        await using var events = new EventCollector<GroupEvent>(ct => watch.ReadEventsAsync(ct));
        var leaving = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "leaving", options);
        await leaving.Groups.JoinAsync(group);
        await events.WaitForAsync(e => e.Any(x => x.Kind == GroupEventKind.Joined), "the join is seen");

        await leaving.StopAsync();

        // The TTL is 5 minutes: the member can only be gone because the stop released it.
        Assert.Empty(await watcher.Groups.GetMembersAsync(group));
        Assert.False(await watcher.Groups.IsMemberUpAsync(group, "leaving"));
        await events.WaitForAsync(e => e.Any(x => x.Kind == GroupEventKind.Left), "the leave is seen");
        var left = Assert.Single(events.Items, x => x.Kind == GroupEventKind.Left);
        Assert.Equal("session stopped", left.Reason);
        Assert.False(leaving.Lost.IsCancellationRequested);
        await Assert.ThrowsAsync<SessionExpiredException>(() => leaving.Groups.JoinAsync(group));
        await leaving.DisposeAsync();
    }

    [Fact]
    public async Task A_session_whose_client_died_expires_after_its_ttl_with_exactly_one_expired_event()
    {
        var group = $"s-{Guid.NewGuid():N}";
        await using var watcher = await Coordinator.StartAsync(Cluster.ClientOnSilo(0), "watcher", new CoordinatorOptions { SessionTtl = TimeSpan.FromMinutes(5) });
        await watcher.Groups.CreateAsync(group);
        await using var watch = await watcher.Groups.OpenWatchAsync(group);
        await using var events = new EventCollector<GroupEvent>(ct => watch.ReadEventsAsync(ct));

        // A separate client process stand-in: its host is torn down without stopping the session, so heartbeats stop.
        var host = await Cluster.StartDisposableClientAsync(2);
        var ttl = TimeSpan.FromSeconds(2);
        var doomed = await Coordinator.StartAsync(host.Services.GetRequiredService<IClusterClient>(), "doomed", new CoordinatorOptions { SessionTtl = ttl });
        await doomed.Groups.JoinAsync(group);
        await events.WaitForAsync(e => e.Any(x => x.Kind == GroupEventKind.Joined), "the join is seen");
        var crashedAt = DateTime.UtcNow;
        host.Dispose();

        await events.WaitForAsync(e => e.Any(x => x.Kind == GroupEventKind.Expired), "the expiry is seen", TimeSpan.FromSeconds(20));
        var expiredAfter = DateTime.UtcNow - crashedAt;
        Assert.Empty(await watcher.Groups.GetMembersAsync(group));
        var expired = Assert.Single(events.Items, x => x.Kind == GroupEventKind.Expired);
        Assert.Equal("doomed", expired.MemberId);
        Assert.DoesNotContain(events.Items, x => x.Kind == GroupEventKind.Left);
        // Not before the TTL (the last heartbeat may have been just before the crash: allow one interval of slack),
        // and no later than TTL + heartbeat interval + the grain's check period + delivery.
        Assert.InRange(expiredAfter, ttl - ttl / 3, ttl + ttl / 3 + TimeSpan.FromSeconds(3));

        // The dead client's own lease clock fires Lost as well.
        await Poll.UntilAsync(() => doomed.Lost.IsCancellationRequested, TimeSpan.FromSeconds(10), "the dead client's session reports Lost");
        await doomed.DisposeAsync();
    }

    [Fact]
    public async Task A_session_the_cluster_ended_fires_lost_and_the_event()
    {
        var lostReason = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var s = await Coordinator.StartAsync(Cluster.ClientOnSilo(1), "victim", new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(3) });
        s.SessionLost += (_, e) => lostReason.TrySetResult(e.Reason);

        // An operator (another client) ends the session in the cluster; the next heartbeat learns it.
        await Cluster.ClientOnSilo(0).GetGrain<ISessionGrain>(s.SessionId).EndAsync();

        await Poll.UntilAsync(() => s.Lost.IsCancellationRequested, TimeSpan.FromSeconds(10), "Lost fires");
        Assert.Contains("ended", await lostReason.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(s.IsAlive);
    }

    [Fact]
    public async Task A_session_started_over_a_grain_factory_and_services_works_the_same()
    {
        var client = Cluster.ClientOnSilo(2);
        await using var s = await Coordinator.StartAsync(client, client.ServiceProvider, "factory-user", new CoordinatorOptions());
        var group = $"f-{Guid.NewGuid():N}";
        await s.Groups.JoinOrCreateAsync(group);
        Assert.True(await s.Groups.IsMemberUpAsync(group, "factory-user"));
    }
}
