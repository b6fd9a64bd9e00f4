using Orleans.Coord.Client;
using Orleans.Coord.Telemetry;
using Orleans.Coord.TestServers;
using static Orleans.Coord.Tests.Telemetry.Tags;

namespace Orleans.Coord.Tests.Telemetry;

/// <summary>The lock, semaphore and lease instruments, each moved by the operation it counts (in-process TestingHost silo).</summary>
[Collection(TelemetryCollection.Name)]
public sealed class LeaseInstrumentTests(TelemetryClusterFixture cluster)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_granted_lock_counts_its_wait_its_grant_its_holder_its_hold_and_its_release()
    {
        using var metrics = cluster.Capture();
        var name = Unique("lock");
        var a = await cluster.StartAsync("a");
        try
        {
            var handle = await a.Locks.AcquireAsync(name, TimeSpan.FromSeconds(5));
            Assert.Equal(1, metrics.Count("orleans.coord.lease.acquire.duration", Name(name), Primitive("lock"), Outcome("granted")));
            Assert.Equal(1, metrics.Sum("orleans.coord.lease.grants", Name(name), Primitive("lock")));
            Assert.Equal(0, metrics.Sum("orleans.coord.lease.handoffs", Name(name)));
            Assert.Equal(1, metrics.Observe("orleans.coord.lease.holders", Name(name), Primitive("lock")));
            Assert.Equal(0, metrics.Observe("orleans.coord.lease.waiters", Name(name), Primitive("lock")));

            Assert.True(await handle.ReleaseAsync());
            Assert.Equal(1, metrics.Sum("orleans.coord.lease.releases", Name(name), Reason("released")));
            var held = Assert.Single(metrics.Values("orleans.coord.lease.hold.duration", Name(name), Primitive("lock"), Reason("released")));
            Assert.InRange(held, 0, 5);
            Assert.Equal(0, metrics.Observe("orleans.coord.lease.holders", Name(name), Primitive("lock")));
            Assert.Equal(0, metrics.Sum("orleans.coord.lease.expirations", Name(name)) + metrics.Sum("orleans.coord.lease.breaks", Name(name)));
        }
        finally
        {
            await a.StopAsync();
        }
    }

    [Fact]
    public async Task A_waiter_is_counted_while_it_waits_and_its_grant_is_a_handoff()
    {
        using var metrics = cluster.Capture();
        var name = Unique("lock");
        var a = await cluster.StartAsync("a");
        var b = await cluster.StartAsync("b");
        try
        {
            var first = await a.Locks.AcquireAsync(name, TimeSpan.FromSeconds(5));
            var waiting = b.Locks.AcquireAsync(name, TimeSpan.FromSeconds(30));
            await Poll.UntilAsync(() => metrics.Observe("orleans.coord.lease.waiters", Name(name), Primitive("lock")) == 1, Patience, "b waits in the queue");
            Assert.Equal(1, metrics.Observe("orleans.coord.lease.holders", Name(name)));

            await first.ReleaseAsync();
            var second = await waiting;
            Assert.Equal(1, metrics.Sum("orleans.coord.lease.handoffs", Name(name), Primitive("lock")));
            Assert.Equal(2, metrics.Sum("orleans.coord.lease.grants", Name(name)));
            Assert.Equal(2, metrics.Count("orleans.coord.lease.acquire.duration", Name(name), Outcome("granted")));
            Assert.Equal(0, metrics.Observe("orleans.coord.lease.waiters", Name(name)));
            await second.ReleaseAsync();
        }
        finally
        {
            await Task.WhenAll(a.StopAsync(), b.StopAsync());
        }
    }

    [Fact]
    public async Task Acquires_that_end_without_a_grant_are_counted_as_timed_out_cancelled_or_refused()
    {
        using var metrics = cluster.Capture();
        var name = Unique("lock");
        var semaphore = Unique("semaphore");
        var a = await cluster.StartAsync("a");
        var b = await cluster.StartAsync("b");
        try
        {
            await using var held = await a.Locks.AcquireAsync(name, TimeSpan.FromSeconds(5));
            Assert.Null(await b.Locks.TryAcquireAsync(name));
            Assert.Null(await b.Locks.TryAcquireAsync(name, TimeSpan.FromMilliseconds(200)));
            Assert.Equal(2, metrics.Count("orleans.coord.lease.acquire.duration", Name(name), Outcome("timed_out")));

            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b.Locks.AcquireAsync(name, TimeSpan.FromSeconds(30), cancel.Token));
            Assert.Equal(1, metrics.Count("orleans.coord.lease.acquire.duration", Name(name), Outcome("cancelled")));

            await using var permit = await a.Locks.Semaphores.AcquireAsync(semaphore, 2, TimeSpan.FromSeconds(5));
            await Assert.ThrowsAsync<SemaphoreMaxCountMismatchException>(() => b.Locks.Semaphores.TryAcquireAsync(semaphore, 3));
            Assert.Equal(1, metrics.Count("orleans.coord.lease.acquire.duration", Name(semaphore), Primitive("semaphore"), Outcome("refused")));
            Assert.Equal(1, metrics.Count("orleans.coord.lease.acquire.duration", Name(semaphore), Primitive("semaphore"), Outcome("granted")));
        }
        finally
        {
            await Task.WhenAll(a.StopAsync(), b.StopAsync());
        }
    }

    [Fact]
    public async Task A_broken_lock_is_counted_as_a_break_with_its_hold()
    {
        using var metrics = cluster.Capture();
        var name = Unique("lock");
        var a = await cluster.StartAsync("a");
        var admin = await cluster.StartAsync("admin");
        try
        {
            var handle = await a.Locks.AcquireAsync(name, TimeSpan.FromSeconds(5));
            Assert.True(await admin.Locks.BreakAsync(name));
            Assert.Equal(1, metrics.Sum("orleans.coord.lease.breaks", Name(name), Primitive("lock")));
            Assert.Equal(1, metrics.Count("orleans.coord.lease.hold.duration", Name(name), Reason("broken")));
            Assert.Equal(0, metrics.Sum("orleans.coord.lease.releases", Name(name)));
            await Poll.UntilAsync(() => handle.Lost.IsCancellationRequested, Patience, "the holder hears of the break");
        }
        finally
        {
            await Task.WhenAll(a.StopAsync(), admin.StopAsync());
        }
    }

    [Fact]
    public async Task An_election_counts_campaigns_and_terms_and_a_resignation_is_no_leader_loss()
    {
        using var metrics = cluster.Capture();
        var election = Unique("election");
        var a = await cluster.StartAsync("a");
        var b = await cluster.StartAsync("b");
        try
        {
            var leadership = await a.Elections.CampaignAsync(election, "a"u8.ToArray());
            var next = b.Elections.CampaignAsync(election, "b"u8.ToArray());
            await Poll.UntilAsync(() => metrics.Sum("orleans.coord.election.campaigns", Name(election)) == 2, Patience, "both campaigns arrive");
            Assert.Equal(1, metrics.Sum("orleans.coord.election.terms", Name(election)));
            Assert.Equal(1, metrics.Count("orleans.coord.lease.acquire.duration", Name(election), Primitive("election"), Outcome("granted")));

            Assert.True(await leadership.ResignAsync());
            var second = await next;
            Assert.Equal(2, metrics.Sum("orleans.coord.election.terms", Name(election)));
            Assert.Equal(1, metrics.Sum("orleans.coord.lease.handoffs", Name(election), Primitive("election")));
            Assert.Equal(0, metrics.Sum("orleans.coord.election.leader_losses", Name(election)));
            await second.ResignAsync();
        }
        finally
        {
            await Task.WhenAll(a.StopAsync(), b.StopAsync());
        }
    }

    private static string Unique(string kind) => $"{kind}-{Guid.NewGuid():N}";
}
