using Grpc.Core;
using Orleans.Coord.Client;
using Orleans.Coord.Grains;
using Orleans.Coord.Grpc.V1;
using Orleans.Coord.Tests.Crash;

namespace Orleans.Coord.Tests.Grpc;

/// <summary>
/// A gRPC watch through a real crash: three processes of the <c>silo</c> program on Redis, each serving the gRPC API; a
/// client watches a group through one silo while the process of another silo, the one hosting the group's grain, is
/// killed with SIGKILL. A session started and a join made right after the kill (inside the failover window) succeed;
/// the watch stream stays open and yields every join, before and after the kill, once and in version order (resyncs
/// marked), ending with the group's true members.
/// </summary>
public sealed class GrpcWatchCrashTests
{
    [Fact]
    public async Task A_watch_through_another_silo_spans_the_kill_of_the_group_grain_silo()
    {
        var (server, url) = await CrashBackends.RedisAsync();
        await using var _ = server;
        await using var cluster = await SiloProcessCluster.StartAsync(url, grpc: true);
        var group = $"watched-{Guid.NewGuid():N}";
        await using (var setup = await Coordinator.StartAsync(cluster.Client, "setup"))
        {
            await setup.Groups.CreateAsync(group);
        }

        var host = await CrashUnderLoad.HostOfAsync(cluster.Client, cluster.Client.GetGrain<IGroupGrain>(group));
        var victim = cluster.ProcessOf(host);
        var served = cluster.Silos.First(s => s != victim);
        using var api = new GrpcApi(served.GrpcPort!.Value);
        var watcher = await api.StartSessionAsync("watcher");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var watch = api.Groups.Watch(new GroupRequest { SessionId = watcher, Group = group }, cancellationToken: stop.Token);
        Assert.True(await watch.ResponseStream.MoveNext(stop.Token));
        var snapshot = watch.ResponseStream.Current.Snapshot;
        Assert.Empty(snapshot.Members);

        var members = new HashSet<string>();
        var version = snapshot.Version;
        var joinedOnce = new List<string>();
        async Task ReadUntilAsync(IReadOnlySet<string> expected)
        {
            while (!members.SetEquals(expected) && await watch.ResponseStream.MoveNext(stop.Token))
            {
                var e = watch.ResponseStream.Current.Event;

                // Versions only go up; the changes of one resync (marked) all carry the version of its snapshot.
                Assert.True(e.Version > version || (e.Resync && e.Version == version), $"Version {e.Version} (resync: {e.Resync}) came after {version}.");
                version = e.Version;
                if (e.Kind == GroupEventKind.Joined)
                {
                    Assert.True(members.Add(e.MemberId), $"{e.MemberId} joined twice in the watch.");
                    joinedOnce.Add(e.MemberId);
                }
                else
                {
                    members.Remove(e.MemberId);
                }
            }
        }

        var expected = new HashSet<string>();
        async Task JoinAsync(string member)
        {
            var session = await api.StartSessionAsync(member);
            await api.Groups.JoinGroupAsync(new JoinGroupRequest { SessionId = session, Group = group });
            expected.Add(member);
        }

        for (var i = 0; i < 3; i++)
        {
            await JoinAsync($"before-{i}");
        }

        await ReadUntilAsync(expected);
        victim.Crash();

        // One join inside the failover window (the killed silo not yet declared dead: its calls are carried through
        // like a .NET client's), the others once the cluster has declared it dead (each ask bounded, since the
        // management grain may have lived on the killed silo).
        await JoinAsync("after-0");
        var management = cluster.Client.GetGrain<Orleans.Runtime.IManagementGrain>(0);
        await Poll.UntilAsync(async _ => !(await management.GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(1))).ContainsKey(host), TimeSpan.FromSeconds(30), "the killed silo is declared dead", retryOnError: true);
        for (var i = 1; i < 3; i++)
        {
            await JoinAsync($"after-{i}");
        }

        await ReadUntilAsync(expected);
        Assert.Equal(expected.Order(), members.Order());
        Assert.Equal(expected.Count, joinedOnce.Count);
        var now = await api.Groups.GetMembersAsync(new GroupRequest { SessionId = watcher, Group = group });
        Assert.Equal(expected.Order(), now.Members.Select(m => m.MemberId).Order());
        Assert.True(now.Version >= version);
        Assert.True(victim.HasExited);
        Assert.False(served.HasExited);
    }
}
