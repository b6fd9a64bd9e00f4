using Orleans.Coord.Groups;
using Orleans.Coord.Client;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// watch_join_latency: a watcher on one cluster client, a joiner on another; time from JoinAsync returning to the
/// watcher receiving that Joined event, over <see cref="WatchRounds.Rounds"/> rounds after a timed warm-up (see
/// <see cref="WatchRounds"/>).
/// </summary>
internal static class WatchJoinLatency
{
    public static async Task RunAsync(ScenarioContext context)
    {
        var result = context.NewResult("orleans-coord", "client", "watch_join_latency");
        try
        {
            await using var watcher = await Coordinator.StartAsync(context.Environment.SecondClient, $"watcher-{Guid.NewGuid():N}");
            await using var joiner = await Coordinator.StartAsync(context.Environment.Client, $"joiner-{Guid.NewGuid():N}");
            var group = $"bench-watch-{Guid.NewGuid():N}";
            await joiner.Groups.CreateAsync(group);
            await using var watch = await watcher.Groups.OpenWatchAsync(group);
            var arrivals = new WatchArrivals();
            using var stop = new CancellationTokenSource();
            var reader = Task.Run(async () =>
            {
                try
                {
                    await foreach (var e in watch.ReadEventsAsync(stop.Token))
                    {
                        if (e.Kind == GroupEventKind.Joined)
                        {
                            arrivals.Arrived(e.Version);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });

            try
            {
                await WatchRounds.RunAsync(
                    context,
                    result,
                    arrivals,
                    () => joiner.Groups.JoinAsync(group),
                    async () => (await joiner.Groups.GetSnapshotAsync(group)).Version,
                    () => joiner.Groups.LeaveAsync(group));
            }
            finally
            {
                stop.Cancel();
                await reader;
            }
        }
        catch (Exception ex)
        {
            result.Error = BenchmarkResult.Describe(ex);
        }

        ScenarioContext.Emit(result);
    }
}
