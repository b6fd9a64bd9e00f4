using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Coord.Grains;
using Orleans.Coord.TestServers;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Orleans.Coord.Tests.Crash;

/// <summary>
/// Group membership through a real crash: sessions loop join/leave on one group while the process of the silo hosting
/// the group's grain is killed with SIGKILL (three processes of the <c>silo</c> program on a durable backend). A join or
/// leave that meets the failover is carried through it: the caller sees no error (no timeout, and no "already joined" or
/// "not joined" from a repeat of a change that was applied), the churn resumes within a bound, and the group ends empty.
/// </summary>
public abstract class GroupChurnCrashTests(ITestOutputHelper output)
{
    private const int Members = 4;
    private const int ChangesBeforeKill = 100;
    private const int ChangesAfterKill = 200;
    private static readonly CoordinatorOptions Options = new() { SessionTtl = TimeSpan.FromSeconds(30) };

    protected abstract Task<(IAsyncDisposable Server, string Url)> StartServerAsync();

    [Fact]
    public async Task Killing_the_group_grain_silo_during_joins_and_leaves_fails_no_call_and_leaves_the_group_right()
    {
        var (server, url) = await StartServerAsync();
        await using var _ = server;
        await using var cluster = await SiloProcessCluster.StartAsync(url);
        var client = cluster.Client;
        var sessions = new List<ICoordinator>();
        for (var i = 0; i < Members; i++)
        {
            sessions.Add(await Coordinator.StartAsync(client, $"member-{i}", Options));
        }

        var group = $"churn-{Guid.NewGuid():N}";
        await sessions[0].Groups.CreateAsync(group);
        var host = await client.GetGrain<IManagementGrain>(0).GetActivationAddress(client.GetGrain<IGroupGrain>(group))
            ?? throw new InvalidOperationException("The group grain has no activation.");

        var changes = new AnswerTimes();
        var errors = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var loops = sessions.Select((session, id) => Task.Run(async () =>
        {
            var joined = false;
            while (!stop.IsCancellationRequested || joined)
            {
                try
                {
                    if (joined)
                    {
                        await session.Groups.LeaveAsync(group);
                    }
                    else
                    {
                        await session.Groups.JoinAsync(group, BitConverter.GetBytes(id));
                    }

                    joined = !joined;
                    changes.Add();
                }
                catch (Exception ex)
                {
                    errors.Enqueue($"member {id} ({(joined ? "leave" : "join")}): {ex}");
                    joined = await session.Groups.IsMemberUpAsync(group, session.MemberId);
                }
            }
        })).ToList();

        await Wait.UntilAsync(() => changes.Count >= ChangesBeforeKill, TimeSpan.FromSeconds(60), $"{ChangesBeforeKill} changes before the kill");
        var victim = cluster.ProcessOf(host);
        var changesAtKill = changes.Count;
        var killedAt = Stopwatch.GetTimestamp();
        victim.Crash();

        await Wait.UntilAsync(() => changes.Count >= changesAtKill + ChangesAfterKill, TimeSpan.FromSeconds(90), $"{ChangesAfterKill} changes after the kill");
        stop.Cancel();
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(90));
        var members = await sessions[0].Groups.GetMembersAsync(group);
        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }

        output.WriteLine($"backend {url.Split('@').Last()}: killed silo port {victim.SiloPort} hosting the group grain after {changesAtKill} changes; " +
            $"longest time without a change after the kill {changes.LongestGapSince(killedAt).TotalSeconds:0.00} s; {changes.Count} changes in all; errors: {errors.Count}");
        foreach (var error in errors.Take(20))
        {
            output.WriteLine(error);
        }

        Assert.Empty(errors);
        Assert.Empty(members);

        // The churn resumes once Orleans has moved the grain, not after a 30 s response timeout of a lost join or leave.
        Assert.InRange(changes.LongestGapSince(killedAt), TimeSpan.Zero, TimeSpan.FromSeconds(15));
    }
}

public sealed class RedisGroupChurnCrashTests(ITestOutputHelper output) : GroupChurnCrashTests(output)
{
    protected override Task<(IAsyncDisposable, string)> StartServerAsync() => CrashBackends.RedisAsync();
}

public sealed class PostgresGroupChurnCrashTests(ITestOutputHelper output) : GroupChurnCrashTests(output)
{
    protected override Task<(IAsyncDisposable, string)> StartServerAsync() => CrashBackends.PostgresAsync();
}

public sealed class ZooKeeperGroupChurnCrashTests(ITestOutputHelper output) : GroupChurnCrashTests(output)
{
    protected override Task<(IAsyncDisposable, string)> StartServerAsync() => CrashBackends.ZooKeeperAsync("orleans-coord-churn-crash");
}
