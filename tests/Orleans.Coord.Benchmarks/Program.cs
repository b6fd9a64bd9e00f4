using Orleans.Coord.Benchmarks;
using Orleans.Coord.Benchmarks.Locks;
using Orleans.Coord.Benchmarks.Scenarios;
using Orleans.Coord;
using Orleans.Coord.Hosting;

if (args.Length > 0 && args[0] == CandidateProcess.Flag)
{
    return await CandidateProcess.RunAsync(args);
}

if (args.Length > 0 && args[0] == BareSiloProcess.Flag)
{
    return await BareSiloProcess.RunAsync(args);
}

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

Progress.Say($"starting backend '{options.Backend}' (scenarios: {string.Join(", ", options.Scenarios)}; {options.Duration.TotalSeconds:0.#} s each; metrics {(options.Metrics ? "collected" : "not collected")})");
using var metrics = options.Metrics ? new MetricsCollector() : null;
await using var environment = await BenchmarkEnvironment.StartAsync(options.Backend);
var context = new ScenarioContext(options, environment);
var callers = new[] { Caller.Client(environment.Client), Caller.Grain(environment) };

async Task Run(string scenario, Func<Task> body)
{
    if (!options.Scenarios.Contains(scenario))
    {
        return;
    }

    Progress.Say($"{scenario} ...");
    await body();
}

var peers = new List<ILockSystem>();
if (environment.RedisConfiguration is { } redis)
{
    peers.Add(await RedisPeerLockSystem.ConnectAsync(redis));
}

if (environment.PostgresConnectionString is { } postgres)
{
    peers.Add(new PostgresPeerLockSystem(postgres));
}

var peerSystems = peers.Select(p => p.System).ToArray();
// With floors in the same run, the floors take their turns among lock_uncontended's systems (not after them), so that
// each lock pair's distance from its floors holds however the machine's speed drifts.
var floorsInLockTurns = options.Scenarios.Contains("lock_uncontended") && options.Scenarios.Contains("floors");
await Run("lock_uncontended", () => PeerComparison.RunAsync("lock_uncontended", peerSystems, "p50_ms", PeerComparison.P50, async () =>
{
    await using var grpc = GrpcLockSystem.Connect(environment.GrpcPort);
    await using var floors = floorsInLockTurns ? await Floors.StartAsync(context, callers) : null;
    await LockUncontended.RunAsync(context, [
        .. callers.Select(caller => ((ILockSystem)new CoordLockSystem(caller), caller.Name)),
        (grpc, "grpc"),
        .. peers.Select(peer => (peer, "client")),
    ], floors);
}));

await Run("lock_contended", () => PeerComparison.RunAsync("lock_contended", peerSystems, "handoffs_per_s", PeerComparison.HandoffsPerSecond, async () =>
{
    await LockContended.RunAsync(context, [
        (new CoordLockSystem(callers[0]), "client", "8 sessions over 1 cluster client"),
        .. peers.Select(peer => (peer, "client", "8 lock objects over 1 connection")),
    ]);
}));

await Run("many_contenders", () => ManyContenders.RunAsync(context, new CoordLockSystem(callers[0]), "client"));

await Run("group_join_leave", async () =>
{
    foreach (var caller in callers)
    {
        await GroupJoinLeave.RunAsync(context, caller);
    }

    await GrpcCaller.GroupJoinLeaveAsync(context);
});

await Run("get_members", async () =>
{
    foreach (var caller in callers)
    {
        await GetMembers.RunAsync(context, caller);
    }
});

await Run("watch_join_latency", async () =>
{
    await WatchJoinLatency.RunAsync(context);
    await GrpcCaller.WatchJoinLatencyAsync(context);
});
await Run("watch_fanout", () => WatchFanout.RunAsync(context));

await Run("leader_failover", async () =>
{
    await LeaderFailover.RunAsync(context, Orleans.Coord.Validation.CoordLimits.DefaultSessionTtl);
    await LeaderFailover.RunAsync(context, TimeSpan.FromSeconds(3));
});

await Run("silo_failover", async () =>
{
    if (environment.Url.Kind is BackendKind.Localhost or BackendKind.File)
    {
        Progress.Say("silo_failover skipped: it needs a durable backend for several silos (--backend redis or postgresql)");
        return;
    }

    await SiloFailover.RunAsync(context);
});

foreach (var peer in peers)
{
    await peer.DisposeAsync();
}

await Run("zk_client", async () =>
{
    if (environment.Url.Kind != BackendKind.ZooKeeper)
    {
        Progress.Say("zk_client skipped: it needs the ZooKeeper backend (--backend zookeeper)");
        return;
    }

    await ZooKeeperClientLatency.RunAsync(context);
});

if (!floorsInLockTurns)
{
    await Run("floors", () => Floors.RunAsync(context, callers));
}

await Run("idle", () => Idle.RunAsync(context));

await Run("many_locks", () => ManyLocks.RunAsync(context, callers[1]));

// Last: ending its 10 sessions releases 100,000 memberships, which keeps a slow backend busy for a while after the
// scenario's own figures are taken, and would otherwise delay the scenarios after it.
await Run("scale", () => Scale.RunAsync(context, callers[1]));

if (metrics is not null)
{
    Progress.Say($"metrics collected: {metrics.Exported} metric streams exported");
}

Progress.Say(ScenarioContext.AnyError ? "done, with errors (see the error fields)" : "done");
return ScenarioContext.AnyError ? 1 : 0;
