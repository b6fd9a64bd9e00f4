using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Client;
using Orleans.Coord.Grains;
using Orleans.Coord.Sessions;
using Orleans.Coord.TestServers;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Orleans.Coord.Tests.Crash;

/// <summary>
/// A client dies and, right after, so does the silo process that hosts its session grain (<c>kill -9</c>): the session
/// grain is lost with its in-memory lease clock. The cluster tells every session of the silo's death, so the session
/// comes back at once with a fresh TTL and expires no later than TTL + failure detection + 1 s after the client's
/// death. Three processes of the <c>silo</c> program on a real redis-server; the client is an external cluster client
/// host in the test process, torn down without stopping its session (its heartbeats stop as a dead process's do).
/// </summary>
public sealed class SessionSiloLossTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_session_whose_client_and_then_whose_silo_died_expires_within_ttl_plus_detection_plus_one_second()
    {
        var (server, url) = await CrashBackends.RedisAsync();
        await using var _ = server;
        await using var cluster = await SiloProcessCluster.StartAsync(url);
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var group = $"loss-{Guid.NewGuid():N}";
        await using var watcher = await Coordinator.StartAsync(cluster.Client, "watcher", new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(30) });
        await watcher.Groups.CreateAsync(group);

        var clientHost = await cluster.StartClientHostAsync();
        var doomed = await Coordinator.StartAsync(clientHost.Services.GetRequiredService<IClusterClient>(), "doomed", new CoordinatorOptions { SessionTtl = Ttl });
        await doomed.Groups.JoinAsync(group);
        var sessionSilo = await management.GetActivationAddress(cluster.Client.GetGrain<ISessionGrain>(doomed.SessionId));
        Assert.NotNull(sessionSilo);

        var clientDied = Stopwatch.StartNew();
        clientHost.Dispose();
        cluster.ProcessOf(sessionSilo).Crash();
        var siloKilledAfter = clientDied.Elapsed;

        // Each ask bounded: the management grain may have lived on the killed silo, and a call to it waits until then.
        await Poll.UntilAsync(async _ => !(await management.GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(1))).ContainsKey(sessionSilo), TimeSpan.FromSeconds(30), "the killed silo is declared dead", retryOnError: true);
        var detection = clientDied.Elapsed - siloKilledAfter;
        // Read the group's record as stored (a snapshot does not ask the sessions, so it does not re-activate this one).
        await Poll.UntilAsync(async _ => (await watcher.Groups.GetSnapshotAsync(group)).Members.Count == 0, TimeSpan.FromSeconds(60), "the session expires and its membership ends", retryOnError: true);
        var expiredAfter = clientDied.Elapsed;
        output.WriteLine($"silo killed {siloKilledAfter.TotalMilliseconds:0} ms after the client; declared dead {detection.TotalSeconds:0.00} s later; expired {expiredAfter.TotalSeconds:0.00} s after the client died (TTL {Ttl.TotalSeconds:0} s)");

        Assert.Equal(SessionStatus.Expired, await cluster.Client.GetGrain<ISessionGrain>(doomed.SessionId).HeartbeatAsync());
        Assert.InRange(expiredAfter, Ttl - Ttl / 3, Ttl + siloKilledAfter + detection + TimeSpan.FromSeconds(1));
    }
}
