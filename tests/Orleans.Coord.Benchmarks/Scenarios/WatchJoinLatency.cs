using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Coord.Groups;
using Orleans.Coord.Client;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// watch_join_latency: a watcher on one cluster client, a joiner on another; time from JoinAsync returning to the
/// watcher receiving that Joined event, 20 repetitions after 10 uncounted warm-up rounds.
/// </summary>
internal static class WatchJoinLatency
{
    public static async Task RunAsync(ScenarioContext context)
    {
        var result = context.NewResult("orleans-coord", "client", "watch_join_latency");
        const int Repetitions = 20;
        try
        {
            await using var watcher = await Coordinator.StartAsync(context.Environment.SecondClient, $"watcher-{Guid.NewGuid():N}");
            await using var joiner = await Coordinator.StartAsync(context.Environment.Client, $"joiner-{Guid.NewGuid():N}");
            var group = $"bench-watch-{Guid.NewGuid():N}";
            await joiner.Groups.CreateAsync(group);
            await using var watch = await watcher.Groups.OpenWatchAsync(group);
            var arrivals = new ConcurrentDictionary<long, long>();
            using var stop = new CancellationTokenSource();
            var reader = Task.Run(async () =>
            {
                try
                {
                    await foreach (var e in watch.ReadEventsAsync(stop.Token))
                    {
                        if (e.Kind == GroupEventKind.Joined)
                        {
                            arrivals[e.Version] = Stopwatch.GetTimestamp();
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });

            // The first rounds warm the path (JIT, stream activations) and are not counted.
            var warmupRounds = context.Options.Quick ? 2 : 10;
            var total = Stopwatch.StartNew();
            for (var i = 0; i < warmupRounds + Repetitions; i++)
            {
                if (i == warmupRounds)
                {
                    total.Restart();
                }

                var version = -1L;
                await joiner.Groups.JoinAsync(group);
                var returned = Stopwatch.GetTimestamp();
                version = (await joiner.Groups.GetSnapshotAsync(group)).Version;
                var deadline = Stopwatch.StartNew();
                while (!arrivals.ContainsKey(version))
                {
                    if (deadline.Elapsed > TimeSpan.FromSeconds(10))
                    {
                        throw new TimeoutException($"The watcher did not receive join version {version} within 10 s.");
                    }

                    await Task.Delay(1);
                }

                if (i >= warmupRounds)
                {
                    result.Latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(returned, arrivals[version]).TotalMilliseconds));
                    result.Ops++;
                }

                await joiner.Groups.LeaveAsync(group);
            }

            result.Seconds = total.Elapsed.TotalSeconds;
            stop.Cancel();
            await reader;
        }
        catch (Exception ex)
        {
            result.Error = $"{ex.GetType().Name}: {ex.Message}";
        }

        ScenarioContext.Emit(result);
    }
}
