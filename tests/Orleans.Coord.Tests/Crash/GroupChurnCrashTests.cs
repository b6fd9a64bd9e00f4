using System.Collections.Concurrent;
using Orleans.Coord.Grains;
using Orleans.Coord.Groups;
using Orleans.Coord.TestServers;
using Orleans.Coord.Tests.Infrastructure;
using Xunit.Abstractions;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Crash;

/// <summary>
/// Group membership through a real crash: sessions loop join/leave on one group while the process of the silo hosting
/// the group's grain is killed with SIGKILL (three processes of the <c>silo</c> program on a durable backend). A join or
/// leave that meets the failover is carried through it: the caller sees no error (no timeout, and no "already joined" or
/// "not joined" from a repeat of a change that was applied), the churn resumes within a bound, and the group ends empty.
/// A watch on another session yields the changes in version order through the crash and catches up with the end.
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
        var sessions = await CrashUnderLoad.StartSessionsAsync(client, "member", Members, Options);

        var group = $"churn-{Guid.NewGuid():N}";
        await sessions[0].Groups.CreateAsync(group);
        await using var observer = await Coordinator.StartAsync(client, "observer", Options);
        await using var watch = await observer.Groups.OpenWatchAsync(group);
        var seen = new ConcurrentQueue<GroupEvent>();
        var watchTimes = new AnswerTimes();
        using var stopWatching = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            await foreach (var e in watch.ReadEventsAsync(stopWatching.Token))
            {
                seen.Enqueue(e);
                watchTimes.Add();
            }
        });
        var host = await CrashUnderLoad.HostOfAsync(client, client.GetGrain<IGroupGrain>(group));

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

        var (victim, changesAtKill, killedAt) = await CrashUnderLoad.KillDuringAsync(
            cluster, host, () => changes.Count, ChangesBeforeKill, ChangesAfterKill, "changes");
        stop.Cancel();
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(90));
        var members = await sessions[0].Groups.GetMembersAsync(group);

        // One last join as a marker: whether the watch gets it pushed or, after lost events, from a resync (which yields
        // only differences, so nothing at all when the membership it last saw equals the current one), it is an event.
        await observer.Groups.JoinAsync(group);
        var marker = await observer.Groups.GetSnapshotAsync(group);
        await Poll.UntilAsync(() => seen.LastOrDefault()?.Version >= marker.Version, TimeSpan.FromSeconds(30),
            () => $"the watch reaches version {marker.Version} (its last event is at {seen.LastOrDefault()?.Version})");
        stopWatching.Cancel();
        await reader.ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(30));
        foreach (var session in sessions)
        {
            await session.DisposeAsync();
        }

        output.WriteLine($"backend {url.Split('@').Last()}: killed silo port {victim.SiloPort} hosting the group grain after {changesAtKill} changes; " +
            $"longest time without a change after the kill {changes.LongestGapSince(killedAt).TotalSeconds:0.00} s; {changes.Count} changes in all; errors: {errors.Count}; " +
            $"the watch read {seen.Count} events ({seen.Count(e => e.IsResync)} from resyncs), longest time without one after the kill {watchTimes.LongestGapSince(killedAt).TotalSeconds:0.00} s");
        foreach (var error in errors.Take(20))
        {
            output.WriteLine(error);
        }

        Assert.Empty(errors);
        Assert.Empty(members);
        // In version order, each pushed change once, and replaying them gives the membership at the marker.
        var versions = seen.Select(e => e.Version).ToList();
        Assert.Equal(versions.Order(), versions);
        var pushed = seen.Where(e => !e.IsResync).Select(e => e.Version).ToList();
        Assert.Equal(pushed.Distinct().Count(), pushed.Count);
        var replayed = new HashSet<string>();
        foreach (var e in seen)
        {
            if (e.Kind == GroupEventKind.Joined)
            {
                replayed.Add(e.MemberId);
            }
            else if (e.Kind is GroupEventKind.Left or GroupEventKind.Expired)
            {
                replayed.Remove(e.MemberId);
            }
        }

        Assert.Equal(["observer"], replayed);
        Assert.InRange(watchTimes.LongestGapSince(killedAt), TimeSpan.Zero, TimeSpan.FromSeconds(15));

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

public sealed class MariaDbGroupChurnCrashTests(ITestOutputHelper output) : GroupChurnCrashTests(output)
{
    protected override Task<(IAsyncDisposable, string)> StartServerAsync() => CrashBackends.MariaDbAsync();
}

public sealed class ZooKeeperGroupChurnCrashTests(ITestOutputHelper output) : GroupChurnCrashTests(output)
{
    protected override Task<(IAsyncDisposable, string)> StartServerAsync() => CrashBackends.ZooKeeperAsync("orleans-coord-churn-crash");
}

public sealed class EtcdGroupChurnCrashTests(ITestOutputHelper output) : GroupChurnCrashTests(output)
{
    protected override Task<(IAsyncDisposable, string)> StartServerAsync() => CrashBackends.EtcdAsync("orleans-coord-churn-crash");
}
