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

        // Names whose group, lock and election grains live on one silo, so that the one kill takes all three down.
        var management = client.GetGrain<IManagementGrain>(0);
        var groups = await FirstNamePerSiloAsync(management, "crash-group", name => client.GetGrain<IGroupGrain>(name), name => client.GetGrain<IGroupGrain>(name).IsMemberUpAsync("nobody"));
        var locks = await FirstNamePerSiloAsync(management, "crash-lock", name => client.GetGrain<ILockGrain>(name), name => client.GetGrain<ILockGrain>(name).GetHolderAsync());
        var elections = await FirstNamePerSiloAsync(management, "crash-election", name => client.GetGrain<IElectionGrain>(name), name => client.GetGrain<IElectionGrain>(name).GetLeaderAsync());
        var host = groups.Keys.FirstOrDefault(silo => locks.ContainsKey(silo) && elections.ContainsKey(silo))
            ?? throw new InvalidOperationException("No silo got a group, a lock and an election grain among the names tried.");
        var (group, lockName, election) = (groups[host], locks[host], elections[host]);

        await holder.Groups.JoinOrCreateAsync(group, "h"u8.ToArray());
        await member.Groups.JoinAsync(group, "m"u8.ToArray());
        var handle = await holder.Locks.AcquireAsync(lockName, TimeSpan.FromSeconds(10));
        var leadership = await holder.Elections.CampaignAsync(election, "holder"u8.ToArray());
        var termBefore = leadership.Term;
        var tokenBefore = handle.FencingToken;
        var versionBefore = (await holder.Groups.GetSnapshotAsync(group)).Version;
        Assert.Equal(host, await management.GetActivationAddress(client.GetGrain<IGroupGrain>(group)));
        Assert.Equal(host, await management.GetActivationAddress(client.GetGrain<ILockGrain>(lockName)));
        Assert.Equal(host, await management.GetActivationAddress(client.GetGrain<IElectionGrain>(election)));
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

        output.WriteLine($"backend {url.Split('@').Last()}: killed silo port {victim.SiloPort}, host of the group, lock and election grains; " +
            $"group answered after {groupBack.TotalSeconds:0.00} s, lock after {lockBack.TotalSeconds:0.00} s");
    }

    /// <summary>
    /// Activates the grains of <c>prefix-0</c>, <c>prefix-1</c>, ... (placement spreads them over the silos) and returns, for
    /// each silo that got one, the first name placed there.
    /// </summary>
    private static async Task<Dictionary<SiloAddress, string>> FirstNamePerSiloAsync(IManagementGrain management, string prefix, Func<string, IAddressable> grainOf, Func<string, Task> activate)
    {
        var names = new Dictionary<SiloAddress, string>();
        for (var i = 0; i < 48 && names.Count < 3; i++)
        {
            var name = $"{prefix}-{i}";
            await activate(name);
            if (await management.GetActivationAddress(grainOf(name)) is { } silo)
            {
                names.TryAdd(silo, name);
            }
        }

        return names;
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
