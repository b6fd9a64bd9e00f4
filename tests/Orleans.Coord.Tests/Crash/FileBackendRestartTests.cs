using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Client;
using Orleans.Coord.Grains;
using Orleans.Coord.Hosting;
using Orleans.Coord.Sessions;
using Orleans.Coord.TestServers.Internal;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Orleans.Coord.Tests.Crash;

/// <summary>
/// The file backend through a real crash: the one silo process (the <c>silo</c> program on <c>file://</c>) is killed with
/// SIGKILL under lock and group load and started again on the same directory. Every answered grant, term, token and
/// membership is still there, tokens and terms keep increasing, and the sessions whose client died with the silo are
/// brought back by the restarted cluster and expire one TTL after the restart, releasing what they held.
/// </summary>
public sealed class FileBackendRestartTests(ITestOutputHelper output)
{
    private static readonly CoordinatorOptions Survivor = new() { SessionTtl = TimeSpan.FromSeconds(30) };
    private static readonly TimeSpan DoomedTtl = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Killing_and_restarting_the_silo_keeps_every_answered_grant_and_expires_the_sessions_that_did_not_come_back()
    {
        using var folder = new TempFolder("coord-file-crash");
        var url = $"file://{folder.Path}/coord";
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        // Declared first, so disposed last: the sessions below end while their silo still runs.
        await using var silo = new SiloSlot { Process = await StartSiloAsync(url, siloPort, gatewayPort) };
        await using var clientHost = await StartClientAsync(url, gatewayPort);
        var client = clientHost.Services.GetRequiredService<IClusterClient>();
        var (held, lockName, election, group, churnGroup, doomedGroup) = ($"held-{Guid.NewGuid():N}", $"load-{Guid.NewGuid():N}", $"election-{Guid.NewGuid():N}", $"group-{Guid.NewGuid():N}", $"churn-{Guid.NewGuid():N}", $"doomed-{Guid.NewGuid():N}");

        // Sessions whose client dies with the silo: they hold a lock and a membership nobody else touches.
        var doomedHost = await StartClientAsync(url, gatewayPort);
        var doomed = new List<ICoordinator>();
        for (var i = 0; i < 2; i++)
        {
            var session = await Coordinator.StartAsync(doomedHost.Services.GetRequiredService<IClusterClient>(), $"doomed-{i}", new CoordinatorOptions { SessionTtl = DoomedTtl });
            await session.Groups.JoinOrCreateAsync(doomedGroup);
            _ = await session.Locks.AcquireAsync($"{doomedGroup}-lock-{i}", TimeSpan.FromSeconds(10));
            doomed.Add(session);
        }

        // Survivors: a lock holder, a leader, a stable member, and load (lock contenders and a group churner).
        await using var holder = await Coordinator.StartAsync(client, "holder", Survivor);
        await using var rival = await Coordinator.StartAsync(client, "rival", Survivor);
        var handle = await holder.Locks.AcquireAsync(held, TimeSpan.FromSeconds(10));
        var leadership = await holder.Elections.CampaignAsync(election, "holder"u8.ToArray());
        await holder.Groups.JoinOrCreateAsync(group, "h"u8.ToArray());
        var groupBefore = await holder.Groups.GetSnapshotAsync(group);
        var load = await Load.StartAsync(client, lockName, churnGroup);
        var started = Stopwatch.StartNew();

        await Poll.UntilAsync(() => load.Grants >= 50 && load.Churns >= 10, TimeSpan.FromSeconds(60), () => $"load before the kill ({load})");
        output.WriteLine($"{load} {started.Elapsed.TotalSeconds:0.0} s after the load started");
        var stopwatch = Stopwatch.StartNew();
        silo.Process.Crash();
        var grantsAtKill = load.Grants;
        // The dead client: its heartbeats stopped with the kill; disposing its host may wait on the dead gateway.
        var doomedGone = Task.Run(doomedHost.Abandon);
        await silo.Process.DisposeAsync();
        silo.Process = await StartSiloAsync(url, siloPort, gatewayPort);
        var restartedAt = DateTimeOffset.UtcNow;
        output.WriteLine($"restarted in {stopwatch.Elapsed.TotalSeconds:0.0} s");

        await Poll.UntilAsync(() => load.Grants >= grantsAtKill + 50, TimeSpan.FromSeconds(60), () => $"load after the restart ({load})");
        output.WriteLine($"load resumed {stopwatch.Elapsed.TotalSeconds:0.0} s after the kill");
        var (grants, churns, errors) = await load.StopAsync();

        // Every answered grant: tokens strictly increasing across the crash, no two holders at once.
        Assert.Equal(0, load.StaleTokens);
        Assert.Equal(0, load.Overlaps);
        Assert.Equal(load.LastChurnWasJoin, await holder.Groups.IsMemberUpAsync(churnGroup, "churner"));
        await load.DisposeAsync();

        // The holder still holds, the leader still leads with the same term, the member is still a member.
        Assert.True(await holder.Locks.IsStillOwnerAsync(held, handle.FencingToken));
        Assert.Null(await rival.Locks.TryAcquireAsync(held));
        Assert.Equal(leadership.Term, (await rival.Elections.GetLeaderAsync(election))!.Term);
        var groupAfter = await holder.Groups.GetSnapshotAsync(group);
        Assert.Equal(groupBefore.Version, groupAfter.Version);
        Assert.Equal(["holder"], groupAfter.Members.Select(m => m.MemberId));

        // ... and what comes next is higher.
        await leadership.ResignAsync();
        await using var next = await rival.Elections.CampaignAsync(election, "rival"u8.ToArray());
        Assert.True(next.Term > leadership.Term);
        Assert.True(await handle.ReleaseAsync());
        await using var nextHold = await rival.Locks.AcquireAsync(held, TimeSpan.FromSeconds(10));
        Assert.True(nextHold.FencingToken > handle.FencingToken);

        // The dead client's sessions: nothing touches them (a group snapshot does not ask the sessions), yet the restarted
        // cluster brings every listed session back once, and they expire one TTL after the restart.
        await Poll.UntilAsync(async () => (await rival.Groups.GetSnapshotAsync(doomedGroup)).Members.Count == 0,
            DoomedTtl + TimeSpan.FromSeconds(30), "the dead client's memberships expire");
        var expiredAfter = DateTimeOffset.UtcNow - restartedAt;
        Assert.True(expiredAfter >= DoomedTtl - TimeSpan.FromSeconds(1), $"the dead client's sessions expired {expiredAfter.TotalSeconds:0.0} s after the restart; their TTL is {DoomedTtl.TotalSeconds} s");
        foreach (var session in doomed)
        {
            Assert.Equal(SessionStatus.Expired, await client.GetGrain<ISessionGrain>(session.SessionId).HeartbeatAsync());
        }

        var doomedMembers = await rival.Groups.GetMembersAsync(doomedGroup);
        Assert.Empty(doomedMembers);
        for (var i = 0; i < doomed.Count; i++)
        {
            await using var freed = await rival.Locks.TryAcquireAsync($"{doomedGroup}-lock-{i}");
            Assert.NotNull(freed);
        }

        await doomedGone;
        output.WriteLine($"{grants} grants ({grantsAtKill} before the kill), {churns} joins and leaves; {errors.Count} calls failed while the silo was down; " +
            $"the dead client's sessions expired {(DateTimeOffset.UtcNow - restartedAt).TotalSeconds:0} s after the restart");
        foreach (var error in errors.Take(5))
        {
            output.WriteLine(error);
        }
    }

    private static async Task<SiloProcess> StartSiloAsync(string url, int siloPort, int gatewayPort)
    {
        var silo = SiloProcess.Start(["--backend", url, "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}"], siloPort, gatewayPort);
        await Poll.UntilAsync(() => silo.Log.Contains("Orleans.Coord silo started") || silo.HasExited, TimeSpan.FromSeconds(60), () => $"the silo starts:\n{silo.Log}");
        Assert.False(silo.HasExited, silo.Log);
        return silo;
    }

    /// <summary>A client host; disposing it stops it first (bounded), as a client stopped with its silo still there.</summary>
    private static async Task<StoppingHost> StartClientAsync(string url, int gatewayPort)
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.ClearProviders())
            .UseOrleansClient(c => c.UseCoordBackend(BackendUrl.Parse(url), gatewayPort))
            .Build();
        await host.StartAsync();
        return new StoppingHost(host);
    }

    /// <summary>The silo process of the moment: the first, then the restarted one.</summary>
    private sealed class SiloSlot : IAsyncDisposable
    {
        public required SiloProcess Process { get; set; }

        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }

    private sealed class StoppingHost(IHost host) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        /// <summary>Gone as a crashed client is: no stop, no goodbye.</summary>
        public void Abandon() => host.Dispose();

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync(TimeSpan.FromSeconds(2));
            host.Dispose();
        }
    }

    /// <summary>Four sessions looping acquire/release on one lock, and one joining and leaving a group, through the crash.</summary>
    private sealed class Load
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<string> _errors = new();
        private readonly Lock _gate = new();
        private List<Task> _loops = [];
        private long _highestToken = long.MinValue;
        private int _holders;
        private long _grants;
        private long _churns;

        public long Grants => Interlocked.Read(ref _grants);

        public long Churns => Interlocked.Read(ref _churns);

        public long StaleTokens { get; private set; }

        public long Overlaps { get; private set; }

        public bool LastChurnWasJoin { get; private set; }

        private List<ICoordinator> Sessions { get; } = [];

        public static async Task<Load> StartAsync(IClusterClient client, string lockName, string group)
        {
            var load = new Load();
            for (var i = 0; i < 4; i++)
            {
                load.Sessions.Add(await Coordinator.StartAsync(client, $"contender-{i}", Survivor));
            }

            var churner = await Coordinator.StartAsync(client, "churner", Survivor);
            load.Sessions.Add(churner);
            await churner.Groups.CreateAsync(group);
            load._loops = [.. load.Sessions.Take(4).Select((s, i) => Task.Run(() => load.ContendAsync(s, i, lockName))), Task.Run(() => load.ChurnAsync(churner, group))];
            return load;
        }

        public async Task<(long Grants, long Churns, IReadOnlyCollection<string> Errors)> StopAsync()
        {
            _stop.Cancel();
            await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(60));
            return (Grants, Churns, _errors);
        }

        public async Task DisposeAsync()
        {
            foreach (var session in Sessions)
            {
                await session.DisposeAsync();
            }
        }

        public override string ToString() => $"{Grants} grants, {Churns} joins and leaves, {_errors.Count} failed calls";

        private async Task ContendAsync(ICoordinator session, int id, string lockName)
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await using var hold = await session.Locks.AcquireAsync(lockName, TimeSpan.FromSeconds(30), _stop.Token);
                    lock (_gate)
                    {
                        StaleTokens += hold.FencingToken <= _highestToken ? 1 : 0;
                        _highestToken = Math.Max(_highestToken, hold.FencingToken);
                        Overlaps += ++_holders > 1 ? 1 : 0;
                    }

                    Interlocked.Increment(ref _grants);
                    await Task.Yield();
                    lock (_gate)
                    {
                        _holders--;
                    }

                    await hold.ReleaseAsync();
                }
                catch (Exception ex) when (!_stop.IsCancellationRequested)
                {
                    // While the one silo is down, calls fail; the loop goes on until it is back.
                    _errors.Enqueue($"contender {id}: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
                    await Task.Delay(100);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                }
            }
        }

        private async Task ChurnAsync(ICoordinator session, string group)
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    if (LastChurnWasJoin)
                    {
                        await session.Groups.LeaveAsync(group);
                    }
                    else
                    {
                        await session.Groups.JoinAsync(group);
                    }

                    LastChurnWasJoin = !LastChurnWasJoin;
                    Interlocked.Increment(ref _churns);
                }
                catch (Exception ex) when (!_stop.IsCancellationRequested)
                {
                    _errors.Enqueue($"churner: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
                    await Task.Delay(100);
                    try
                    {
                        // A call that failed may still have been applied: go on from what the group says.
                        LastChurnWasJoin = await session.Groups.IsMemberUpAsync(group, "churner");
                    }
                    catch (Exception)
                    {
                    }
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                }
            }
        }
    }
}
