using System.Diagnostics;
using Orleans.Coord.Grains;
using Orleans.Coord.Groups;
using Orleans.Coord.TestServers;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Orleans.Coord.Tests.Crash;

/// <summary>
/// Real crash failover: three processes of the <c>silo</c> program on a durable backend; the process hosting the
/// coordination grains is killed with SIGKILL. Live sessions keep their memberships, their lock and their leadership, a
/// second session is still refused both, fencing tokens and terms stay monotonic, and the service answers again within a bound.
/// </summary>
public abstract class CrashFailoverTests(ITestOutputHelper output)
{
    private static readonly CoordinatorOptions Options = new() { SessionTtl = TimeSpan.FromSeconds(30) };

    protected abstract Task<(IAsyncDisposable Server, string Url)> StartServerAsync();

    [Fact]
    public async Task Killing_the_silo_process_hosting_the_grains_keeps_memberships_locks_and_leadership()
    {
        var (server, url) = await StartServerAsync();
        await using var _ = server;
        await using var cluster = await SiloProcessCluster.StartAsync(url);
        var client = cluster.Client;
        await using var holder = await Coordinator.StartAsync(client, "holder", Options);
        await using var member = await Coordinator.StartAsync(client, "member", Options);
        await using var rival = await Coordinator.StartAsync(client, "rival", Options);

        const string group = "crash-group";
        const string lockName = "crash-lock";
        await holder.Groups.JoinOrCreateAsync(group, "h"u8.ToArray());
        await member.Groups.JoinAsync(group, "m"u8.ToArray());
        var handle = await holder.Locks.AcquireAsync(lockName, TimeSpan.FromSeconds(10));
        const string election = "crash-election";
        var leadership = await holder.Elections.CampaignAsync(election, "holder"u8.ToArray());
        var termBefore = leadership.Term;
        var tokenBefore = handle.FencingToken;
        var versionBefore = (await holder.Groups.GetSnapshotAsync(group)).Version;

        // Kill the process that hosts the group grain (and, often, the lock grain too).
        var management = client.GetGrain<IManagementGrain>(0);
        var host = await management.GetActivationAddress(client.GetGrain<IGroupGrain>(group))
            ?? throw new InvalidOperationException("The group grain has no activation.");
        var lockHost = await management.GetActivationAddress(client.GetGrain<ILockGrain>(lockName));
        var victim = cluster.ProcessOf(host);
        var killedAt = Stopwatch.StartNew();
        victim.Crash();

        GroupSnapshot? after = null;
        await Wait.UntilAsync(async () =>
        {
            try
            {
                after = await holder.Groups.GetSnapshotAsync(group).WaitAsync(TimeSpan.FromSeconds(1));
                return true;
            }
            catch (Exception ex) when (ex is not GroupNotFoundException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the group answers again after the kill");
        var groupBack = killedAt.Elapsed;

        Assert.Equal(["holder", "member"], after!.Members.Select(m => m.MemberId));
        Assert.Equal(versionBefore, after.Version);

        // The lock is still held: the rival is refused, the holder is still the owner.
        ILockHandle? stolen = null;
        await Wait.UntilAsync(async () =>
        {
            try
            {
                stolen = await rival.Locks.TryAcquireAsync(lockName).WaitAsync(TimeSpan.FromSeconds(1));
                return true;
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the lock answers again after the kill");
        var lockBack = killedAt.Elapsed;
        Assert.Null(stolen);
        Assert.True(await holder.Locks.IsStillOwnerAsync(lockName, tokenBefore));
        Assert.False(handle.Lost.IsCancellationRequested);
        Assert.True(holder.IsAlive && member.IsAlive);

        // The leadership is kept: same leader, same term; the rival cannot take it.
        var leader = await rival.Elections.GetLeaderAsync(election);
        Assert.NotNull(leader);
        Assert.Equal("holder", leader!.MemberId);
        Assert.Equal(termBefore, leader.Term);
        Assert.Null(await rival.Elections.TryCampaignAsync(election, "rival"u8.ToArray()));
        Assert.False(leadership.Lost.IsCancellationRequested);

        // The holder releases and resigns; the next grant and the next term are higher.
        await leadership.ResignAsync();
        await using var nextLeadership = await rival.Elections.CampaignAsync(election, "rival"u8.ToArray());
        Assert.True(nextLeadership.Term > termBefore);

        Assert.True(await handle.ReleaseAsync());
        await using var next = await rival.Locks.AcquireAsync(lockName, TimeSpan.FromSeconds(10));
        Assert.True(next.FencingToken > tokenBefore);

        output.WriteLine($"backend {url.Split('@').Last()}: killed silo port {victim.SiloPort} (lock grain on {lockHost}); " +
            $"group answered after {groupBack.TotalSeconds:0.00} s, lock after {lockBack.TotalSeconds:0.00} s");
    }
}

public sealed class RedisCrashFailoverTests(ITestOutputHelper output) : CrashFailoverTests(output)
{
    protected override async Task<(IAsyncDisposable, string)> StartServerAsync()
    {
        var server = await RedisServer.StartAsync(CancellationToken.None);
        return (server, server.Url);
    }
}

public sealed class PostgresCrashFailoverTests(ITestOutputHelper output) : CrashFailoverTests(output)
{
    protected override async Task<(IAsyncDisposable, string)> StartServerAsync()
    {
        var server = await PostgresServer.StartAsync(CancellationToken.None);
        return (server, server.Url);
    }
}

public sealed class ZooKeeperCrashFailoverTests(ITestOutputHelper output) : CrashFailoverTests(output)
{
    protected override async Task<(IAsyncDisposable, string)> StartServerAsync()
    {
        var server = ZooKeeperServerProcess.CreateStandalone();
        server.Start();
        await server.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        return (server, $"zookeeper://{server.Address}/orleans-coord-crash");
    }
}
