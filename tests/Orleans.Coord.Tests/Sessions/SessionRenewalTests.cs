using Orleans.Coord.Client;
using Orleans.Coord.Groups;
using Orleans.Coord.Tests.Infrastructure;

namespace Orleans.Coord.Tests.Sessions;

/// <summary>
/// Sessions renewed by their caller (<see cref="SessionRenewal.ByCaller"/>) and sessions let go without ending
/// (<see cref="Coordinator.AbandonAsync"/>): what a service that relays remote clients' sessions (the gRPC API) builds on.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class SessionRenewalTests(SharedClusterFixture fixture)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The TTL of the session renewed by its caller. Its lease clock starts when the session starts, so the first
    /// renewal must come within this TTL (less the client's margin) even when the start and the join are slow on a busy
    /// machine: a 2 s TTL once expired the session before the test's first renewal (a 1.6 s stall during a CI run).
    /// </summary>
    private static readonly TimeSpan RenewedTtl = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_session_renewed_by_its_caller_lives_while_renewed_and_expires_once_the_renewals_stop()
    {
        var client = fixture.ClientsBySilo[0];
        var group = $"renew-{Guid.NewGuid():N}";
        await using var watcher = await Coordinator.StartAsync(client, "watcher");
        await watcher.Groups.CreateAsync(group);
        await using var watch = await watcher.Groups.OpenWatchAsync(group);
        await using var events = new EventCollector<GroupEvent>(ct => watch.ReadEventsAsync(ct));
        var session = (Coordinator)await Coordinator.StartAsync(client, "renewed", new CoordinatorOptions { SessionTtl = RenewedTtl, Renewal = SessionRenewal.ByCaller });
        await session.Groups.JoinAsync(group);

        // Renewed for one and a half TTLs: the session outlives its TTL only because of the renewals.
        var renewing = System.Diagnostics.Stopwatch.StartNew();
        while (renewing.Elapsed < RenewedTtl * 1.5)
        {
            Assert.True(await session.RenewAsync());
            await Task.Delay(RenewedTtl / 4); // the caller's renewal interval
        }

        Assert.True(await watcher.Groups.IsMemberUpAsync(group, "renewed"));
        Assert.False(session.Lost.IsCancellationRequested);

        // No more renewals: the lease clock runs out, and the cluster expires the session once.
        await Poll.UntilAsync(() => session.Lost.IsCancellationRequested, RenewedTtl * 3, "the unrenewed session is declared lost");
        await events.WaitForAsync(e => e.Any(x => x.Kind == GroupEventKind.Expired), "the expiry is seen", TimeSpan.FromSeconds(20));
        var expired = Assert.Single(events.Items, x => x.MemberId == "renewed" && x.Kind != GroupEventKind.Joined);
        Assert.Equal(GroupEventKind.Expired, expired.Kind);
        Assert.False(await session.RenewAsync());
        await session.DisposeAsync();
    }

    [Fact]
    public async Task An_abandoned_session_is_not_released_but_expires_after_its_ttl_without_lost()
    {
        var client = fixture.ClientsBySilo[0];
        var group = $"abandon-{Guid.NewGuid():N}";
        await using var watcher = await Coordinator.StartAsync(client, "watcher");
        await watcher.Groups.CreateAsync(group);
        await using var watch = await watcher.Groups.OpenWatchAsync(group);
        await using var events = new EventCollector<GroupEvent>(ct => watch.ReadEventsAsync(ct));
        var session = (Coordinator)await Coordinator.StartAsync(client, "abandoned", new CoordinatorOptions { SessionTtl = Ttl });
        await session.Groups.JoinAsync(group);
        await events.WaitForAsync(e => e.Any(x => x.Kind == GroupEventKind.Joined), "the join is seen");

        await session.AbandonAsync();
        var abandonedAt = DateTime.UtcNow;
        Assert.True(await watcher.Groups.IsMemberUpAsync(group, "abandoned"));
        await session.StopAsync(); // does nothing after abandoning

        await events.WaitForAsync(e => e.Any(x => x.Kind == GroupEventKind.Expired), "the expiry is seen", TimeSpan.FromSeconds(20));
        Assert.True(DateTime.UtcNow - abandonedAt >= Ttl - (Ttl / 3), "The abandoned session ended before its TTL.");
        Assert.DoesNotContain(events.Items, x => x.Kind == GroupEventKind.Left);
        Assert.False(session.Lost.IsCancellationRequested);
        Assert.False(session.IsAlive);
        Assert.False(await session.RenewAsync());
    }

    [Fact]
    public void An_unknown_renewal_mode_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CoordinatorOptions { Renewal = (SessionRenewal)7 }.Validate());
        Assert.Equal(nameof(CoordinatorOptions.Renewal), error.ParamName);
    }
}
