using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Orleans.Coord.Client;
using Orleans.Coord.Tests.Infrastructure;

namespace Orleans.Coord.Tests.Hosting;

/// <summary>
/// The hosted coordinator in a client host, against the shared 3-silo TestingHost cluster. Sessions are lost for real:
/// another client ends them in the cluster, and the host's next heartbeat learns it.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class HostedCoordinatorTests(SharedClusterFixture cluster)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task The_session_starts_with_the_host_and_everything_is_released_before_StopAsync_returns()
    {
        var group = $"hg-{Guid.NewGuid():N}";
        var election = $"he-{Guid.NewGuid():N}";
        var leading = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var observer = await Coordinator.StartAsync(cluster.ClientOnSilo(0), "observer");
        var client = await HostedClient.StartAsync(cluster, 1, b => b.AddCoordinator(configure: o => o.MemberId = "hosted-1")
            .Join(group, "caps"u8.ToArray())
            .Campaign(election, async (leadership, stop) =>
            {
                leading.TrySetResult(leadership.Term);
                await Task.Delay(Timeout.Infinite, stop);
            }));
        await using (client)
        {
            var session = await client.Coordinator.WaitForSessionAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal("hosted-1", session.MemberId);
            Assert.Equal(session.SessionId, client.Coordinator.SessionId);
            Assert.Equal(HostedCoordinatorState.Alive, client.Coordinator.State);

            // Declared work is in place once the session counts as up (the join) or soon after (the campaign).
            var member = await observer.Groups.GetMemberAsync(group, "hosted-1");
            Assert.Equal("caps"u8.ToArray(), member.Capabilities);
            await leading.Task.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal("hosted-1", (await observer.Elections.GetLeaderAsync(election))?.MemberId);

            // ICoordinator from DI is the same session.
            var fromDi = client.Host.Services.GetRequiredService<ICoordinator>();
            await using (var handle = await fromDi.Locks.AcquireAsync($"hl-{Guid.NewGuid():N}", TimeSpan.FromSeconds(5)))
            {
                Assert.True(handle.FencingToken > 0);
            }

            await client.Host.StopAsync(TimeSpan.FromSeconds(20));

            // No polling: the stop released all of it before it returned.
            Assert.Empty(await observer.Groups.GetMembersAsync(group));
            Assert.Null(await observer.Elections.GetLeaderAsync(election));
            Assert.Equal(HostedCoordinatorState.Stopped, client.Coordinator.State);
            await Assert.ThrowsAsync<SessionUnavailableException>(() => client.Coordinator.Groups.ListAsync());
        }
    }

    [Fact]
    public async Task A_lost_session_is_replaced_with_its_memberships_and_campaigns_and_old_handles_report_Lost()
    {
        var group = $"hg-{Guid.NewGuid():N}";
        var election = $"he-{Guid.NewGuid():N}";
        var terms = new List<long>();
        await using var observer = await Coordinator.StartAsync(cluster.ClientOnSilo(0), "observer");
        await using var client = await HostedClient.StartAsync(cluster, 2, b => b.AddCoordinator(configure: o =>
            {
                o.MemberId = "replaced";
                o.SessionTtl = Ttl;
                o.RestartDelay = TimeSpan.FromMilliseconds(100);
                o.MaxRestartDelay = TimeSpan.FromSeconds(1);
            })
            .Join(group, "v1"u8.ToArray())
            .Campaign(election, async (leadership, stop) =>
            {
                lock (terms)
                {
                    terms.Add(leadership.Term);
                }

                await Task.Delay(Timeout.Infinite, stop);
            }));
        var hosted = client.Coordinator;
        var first = await hosted.WaitForSessionAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var health = client.Host.Services.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
        await Poll.UntilAsync(() => { lock (terms) { return terms.Count == 1; } }, TimeSpan.FromSeconds(20), "the first session leads");
        var oldLock = await hosted.Locks.AcquireAsync($"hl-{Guid.NewGuid():N}", TimeSpan.FromSeconds(5));
        var lostEvents = 0;
        hosted.SessionLost += (_, _) => Interlocked.Increment(ref lostEvents);

        var states = new List<(HostedCoordinatorState State, HealthStatus Health)>();
        var watching = Task.Run(async () =>
        {
            // Samples state and health until the new session is up, to see the replacement from outside.
            while (hosted.SessionId == first.SessionId || hosted.SessionId == Guid.Empty)
            {
                var sample = (hosted.State, (await health.CheckHealthAsync()).Status);
                lock (states)
                {
                    states.Add(sample);
                }

                await Task.Yield();
            }
        });
        Assert.Equal(first.SessionId, await client.EndSessionInClusterAsync());
        // The grain tells the holder at once; the session's own Lost follows at its next heartbeat.
        await Poll.UntilAsync(() => oldLock.Lost.IsCancellationRequested, TimeSpan.FromSeconds(20), "the old lock handle reports Lost");
        await Poll.UntilAsync(() => first.Lost.IsCancellationRequested, TimeSpan.FromSeconds(20), "the old session reports Lost");

        var second = await hosted.WaitForSessionAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(first.SessionId, second.SessionId);
        Assert.Equal("replaced", second.MemberId);
        Assert.Equal(1, Volatile.Read(ref lostEvents));
        await watching.WaitAsync(TimeSpan.FromSeconds(10));
        lock (states)
        {
            Assert.Contains((HostedCoordinatorState.Restarting, HealthStatus.Degraded), states);
        }

        await Poll.UntilAsync(async () => (await health.CheckHealthAsync()).Status == HealthStatus.Healthy, TimeSpan.FromSeconds(10), "the health check is healthy again");

        // The membership and the candidacy come back under the new session.
        var member = await observer.Groups.GetMemberAsync(group, "replaced");
        Assert.Equal("v1"u8.ToArray(), member.Capabilities);
        await Poll.UntilAsync(() => { lock (terms) { return terms.Count == 2; } }, TimeSpan.FromSeconds(20), "the new session leads again");
        lock (terms)
        {
            Assert.True(terms[1] > terms[0], $"terms {terms[0]} then {terms[1]}");
        }

        Assert.False(await oldLock.ReleaseAsync(), "the old session's grant ended with it");
    }

    [Fact]
    public async Task A_declared_group_whose_member_id_an_earlier_live_session_holds_is_joined_when_that_session_ends()
    {
        var group = $"hg-{Guid.NewGuid():N}";
        var logs = new LogLines();
        var earlier = await Coordinator.StartAsync(cluster.ClientOnSilo(0), "same-member");
        await earlier.Groups.JoinOrCreateAsync(group, "old"u8.ToArray());
        await using var client = await HostedClient.StartAsync(cluster, 1, b =>
        {
            b.Logging.AddProvider(logs);
            b.AddCoordinator(configure: o => o.MemberId = "same-member").Join(group, "new"u8.ToArray());
        });

        // The hosted session is started but does not count as up while the member id is held elsewhere.
        var waiting = client.Coordinator.WaitForSessionAsync();
        await Poll.UntilAsync(() => waiting.IsCompleted || logs.Any($"Member same-member of group {group} is still held by an earlier session"), TimeSpan.FromSeconds(20), "the hosted coordinator tries to join");
        Assert.False(waiting.IsCompleted, "the session counted as up while its member id was held by another session");

        await earlier.StopAsync();
        var session = await waiting.WaitAsync(TimeSpan.FromSeconds(20));
        var member = await session.Groups.GetMemberAsync(group, "same-member");
        Assert.Equal(session.SessionId, member.SessionId);
        Assert.Equal("new"u8.ToArray(), member.Capabilities);
    }

    [Fact]
    public async Task With_the_StopApplication_policy_a_lost_session_stops_the_host()
    {
        await using var client = await HostedClient.StartAsync(cluster, 0, b => b.AddCoordinator(configure: o =>
        {
            o.SessionTtl = Ttl;
            o.OnSessionLost = SessionLossPolicy.StopApplication;
        }));
        var lifetime = client.Host.Services.GetRequiredService<IHostApplicationLifetime>();
        await client.Coordinator.WaitForSessionAsync().WaitAsync(TimeSpan.FromSeconds(20));
        try
        {
            await client.EndSessionInClusterAsync();
            await Poll.UntilAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, TimeSpan.FromSeconds(20), "the application is stopping");
            Assert.Equal(HostedCoordinatorState.GaveUp, client.Coordinator.State);
            Assert.Equal(1, Environment.ExitCode);
            await Assert.ThrowsAsync<SessionUnavailableException>(() => client.Coordinator.WaitForSessionAsync());
            var health = await client.Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.Equal(HealthStatus.Unhealthy, health.Status);
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }
}
