using System.Diagnostics;
using Orleans.Coord.Grains;
using Orleans.Coord.Groups;
using Orleans.Coord.TestServers;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;
using Xunit.Abstractions;
using Orleans.Coord.Client;

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
        var (host, group, lockName, election) = await NamesOnOneSiloAsync(client, management);

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
        await Poll.UntilAsync(async () =>
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
        await Poll.UntilAsync(async () =>
        {
            try
            {
                // Cancelled, not abandoned: a try given up on is withdrawn, so it cannot be granted later to nobody.
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                stolen = await rival.Locks.TryAcquireAsync(lockName, attempt.Token);
                return true;
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException or OperationCanceledException)
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
    /// Activates group, lock and election grains of the names <c>crash-*-0</c>, <c>crash-*-1</c>, ... (placement spreads
    /// them over the silos) until one silo hosts one of each, and returns that silo and the three names.
    /// </summary>
    private static async Task<(SiloAddress Host, string Group, string Lock, string Election)> NamesOnOneSiloAsync(IClusterClient client, IManagementGrain management)
    {
        var groups = new Dictionary<SiloAddress, string>();
        var locks = new Dictionary<SiloAddress, string>();
        var elections = new Dictionary<SiloAddress, string>();
        for (var i = 0; i < 300; i++)
        {
            var (group, lockName, election) = ($"crash-group-{i}", $"crash-lock-{i}", $"crash-election-{i}");
            await client.GetGrain<IGroupGrain>(group).IsMemberUpAsync("nobody");
            await client.GetGrain<ILockGrain>(lockName).GetHolderAsync();
            await client.GetGrain<IElectionGrain>(election).GetLeaderAsync();
            Note(groups, await management.GetActivationAddress(client.GetGrain<IGroupGrain>(group)), group);
            Note(locks, await management.GetActivationAddress(client.GetGrain<ILockGrain>(lockName)), lockName);
            Note(elections, await management.GetActivationAddress(client.GetGrain<IElectionGrain>(election)), election);
            foreach (var (silo, name) in groups)
            {
                if (locks.TryGetValue(silo, out var l) && elections.TryGetValue(silo, out var e))
                {
                    return (silo, name, l, e);
                }
            }
        }

        throw new InvalidOperationException(
            $"No silo got a group, a lock and an election grain among 300 names of each (silos with groups: {groups.Count}, locks: {locks.Count}, elections: {elections.Count}).");

        static void Note(Dictionary<SiloAddress, string> names, SiloAddress? silo, string name)
        {
            if (silo is not null)
            {
                names.TryAdd(silo, name);
            }
        }
    }
}

public sealed class RedisCrashFailoverTests(ITestOutputHelper output) : CrashFailoverTests(output)
{
    protected override Task<(IAsyncDisposable, string)> StartServerAsync() => CrashBackends.RedisAsync();
}

public sealed class PostgresCrashFailoverTests(ITestOutputHelper output) : CrashFailoverTests(output)
{
    protected override Task<(IAsyncDisposable, string)> StartServerAsync() => CrashBackends.PostgresAsync();
}

public sealed class MariaDbCrashFailoverTests(ITestOutputHelper output) : CrashFailoverTests(output)
{
    protected override Task<(IAsyncDisposable, string)> StartServerAsync() => CrashBackends.MariaDbAsync();
}

public sealed class ZooKeeperCrashFailoverTests(ITestOutputHelper output) : CrashFailoverTests(output)
{
    protected override Task<(IAsyncDisposable, string)> StartServerAsync() => CrashBackends.ZooKeeperAsync("orleans-coord-crash");
}

public sealed class EtcdCrashFailoverTests(ITestOutputHelper output) : CrashFailoverTests(output)
{
    protected override Task<(IAsyncDisposable, string)> StartServerAsync() => CrashBackends.EtcdAsync("orleans-coord-crash");
}
