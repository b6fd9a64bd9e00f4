using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Orleans.Coord.Grpc.V1;
using V1 = Orleans.Coord.Grpc.V1;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// The "grpc" caller: the scenarios group_join_leave and watch_join_latency (lock_uncontended
/// reaches it through <see cref="Locks.GrpcLockSystem"/>) through the silo's gRPC
/// API, from a .NET gRPC client over loopback, so that their figures sit next to those of "client" and "grain".
/// </summary>
internal static class GrpcCaller
{
    private const string Caller = "grpc";

    private static GrpcChannel Connect(ScenarioContext context) => GrpcChannel.ForAddress($"http://127.0.0.1:{context.Environment.GrpcPort}");

    private static async Task<string> StartSessionAsync(GrpcChannel channel, string member) =>
        (await new V1.Sessions.SessionsClient(channel).StartSessionAsync(new StartSessionRequest { MemberId = member, TtlMs = 30_000 })).SessionId;

    private static Task EndSessionAsync(GrpcChannel channel, string session) =>
        new V1.Sessions.SessionsClient(channel).EndSessionAsync(new EndSessionRequest { SessionId = session }).ResponseAsync;

    public static async Task GroupJoinLeaveAsync(ScenarioContext context)
    {
        var result = context.NewResult("orleans-coord", Caller, "group_join_leave");
        try
        {
            using var channel = Connect(context);
            var groups = new V1.Groups.GroupsClient(channel);
            var session = await StartSessionAsync(channel, $"joiner-{Guid.NewGuid():N}");
            var group = $"bench-grpc-jl-{Guid.NewGuid():N}";
            await groups.CreateGroupAsync(new GroupRequest { SessionId = session, Group = group });
            async Task JoinAsync() => await groups.JoinGroupAsync(new JoinGroupRequest { SessionId = session, Group = group });
            async Task LeaveAsync() => await groups.LeaveGroupAsync(new GroupRequest { SessionId = session, Group = group });
            await Warmup.RunAsync(context, async () =>
            {
                await JoinAsync();
                await LeaveAsync();
            });
            var total = Stopwatch.StartNew();
            while (total.Elapsed < context.Duration)
            {
                var start = Stopwatch.GetTimestamp();
                await JoinAsync();
                result.Latencies.AddSince(start);
                start = Stopwatch.GetTimestamp();
                await LeaveAsync();
                result.Latencies.AddSince(start);
                result.Ops += 2;
            }

            result.Seconds = total.Elapsed.TotalSeconds;
            await EndSessionAsync(channel, session);
        }
        catch (Exception ex)
        {
            result.Error = BenchmarkResult.Describe(ex);
        }

        ScenarioContext.Emit(result);
    }

    /// <summary>A watcher and a joiner on two channels; time from JoinGroup returning to the watch stream delivering that Joined event.</summary>
    public static async Task WatchJoinLatencyAsync(ScenarioContext context)
    {
        var result = context.NewResult("orleans-coord", Caller, "watch_join_latency");
        try
        {
            using var watcherChannel = Connect(context);
            using var joinerChannel = Connect(context);
            var watcherGroups = new V1.Groups.GroupsClient(watcherChannel);
            var joinerGroups = new V1.Groups.GroupsClient(joinerChannel);
            var watcher = await StartSessionAsync(watcherChannel, $"watcher-{Guid.NewGuid():N}");
            var joiner = await StartSessionAsync(joinerChannel, $"joiner-{Guid.NewGuid():N}");
            var group = $"bench-grpc-watch-{Guid.NewGuid():N}";
            await joinerGroups.CreateGroupAsync(new GroupRequest { SessionId = joiner, Group = group });
            using var stop = new CancellationTokenSource();
            using var watch = watcherGroups.Watch(new GroupRequest { SessionId = watcher, Group = group }, cancellationToken: stop.Token);
            await watch.ResponseStream.MoveNext(CancellationToken.None);
            var arrivals = new WatchArrivals();
            var reader = Task.Run(async () =>
            {
                try
                {
                    while (await watch.ResponseStream.MoveNext(stop.Token))
                    {
                        if (watch.ResponseStream.Current.Event is { Kind: GroupEventKind.Joined } e)
                        {
                            arrivals.Arrived(e.Version);
                        }
                    }
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
                {
                }
            });

            try
            {
                await WatchRounds.RunAsync(
                    context,
                    result,
                    arrivals,
                    () => joinerGroups.JoinGroupAsync(new JoinGroupRequest { SessionId = joiner, Group = group }).ResponseAsync,
                    async () => (await joinerGroups.GetMembersAsync(new GroupRequest { SessionId = joiner, Group = group })).Version,
                    () => joinerGroups.LeaveGroupAsync(new GroupRequest { SessionId = joiner, Group = group }).ResponseAsync);
            }
            finally
            {
                await stop.CancelAsync();
                await reader;
            }

            await EndSessionAsync(watcherChannel, watcher);
            await EndSessionAsync(joinerChannel, joiner);
        }
        catch (Exception ex)
        {
            result.Error = BenchmarkResult.Describe(ex);
        }

        ScenarioContext.Emit(result);
    }
}
