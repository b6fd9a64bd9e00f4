using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Coord.Client;
using Orleans.Coord.Groups;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// watch_fanout: 1, 100 and 1,000 watchers (1 and 10 with --quick) of one group, spread over the sessions of several
/// cluster clients of their own; a joiner on the main client joins and leaves in rounds. Per step: the time from a
/// join's answer to the last watcher receiving that Joined event (p50/p99 over the rounds), and the CPU time of the
/// whole process (silo and every client) per event delivered to a watcher.
/// </summary>
internal static class WatchFanout
{
    private const int Clients = 4;

    public static async Task RunAsync(ScenarioContext context)
    {
        var quick = context.Options.Quick;
        var growth = new GrowthSteps("p50_ms", "p99_ms", "cpu_us_per_event");
        var sessions = new List<ICoordinator>();
        try
        {
            var clients = await context.Environment.StartClientsAsync(quick ? 2 : Clients);
            sessions.AddRange(await Task.WhenAll(clients.Select((c, i) => Coordinator.StartAsync(c, $"fanout-{i}-{Guid.NewGuid():N}"))));
            await using var joiner = await Coordinator.StartAsync(context.Environment.Client, $"fanout-joiner-{Guid.NewGuid():N}");
            foreach (var watchers in GrowthSteps.Sizes(context.Options, full: [1, 100, 1_000], quick: [1, 10]))
            {
                var result = context.NewResult("orleans-coord", "client", "watch_fanout");
                result.Extra["watchers"] = watchers;
                result.Extra["clients"] = clients.Count;
                try
                {
                    await StepAsync(context, result, joiner, sessions, watchers);
                }
                catch (Exception ex)
                {
                    result.Error = BenchmarkResult.Describe(ex);
                }

                growth.Compare(result);
                ScenarioContext.Emit(result);
            }
        }
        finally
        {
            await Task.WhenAll(sessions.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    private static async Task StepAsync(ScenarioContext context, BenchmarkResult result, ICoordinator joiner, IReadOnlyList<ICoordinator> sessions, int watchers)
    {
        var group = $"bench-fanout-{Guid.NewGuid():N}";
        await joiner.Groups.CreateAsync(group);
        using var gate = new SemaphoreSlim(32);
        var watches = await Task.WhenAll(Enumerable.Range(0, watchers).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                return await sessions[i % sessions.Count].Groups.OpenWatchAsync(group);
            }
            finally
            {
                gate.Release();
            }
        }));

        var arrivals = new ConcurrentDictionary<long, Arrival>();
        Arrival ArrivalOf(long version) => arrivals.GetOrAdd(version, _ => new Arrival(watchers));
        long delivered = 0;
        using var stop = new CancellationTokenSource();
        var readers = watches.Select(watch => Task.Run(async () =>
        {
            try
            {
                await foreach (var e in watch.ReadEventsAsync(stop.Token))
                {
                    Interlocked.Increment(ref delivered);
                    if (e.Kind == GroupEventKind.Joined)
                    {
                        ArrivalOf(e.Version).Arrive();
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        })).ToArray();

        try
        {
            var warmupRounds = context.Options.Quick ? 2 : 5;
            var rounds = context.Options.Quick ? 10 : 100;
            var total = Stopwatch.StartNew();
            var cpu = new ProcessCpu();
            long deliveredBefore = 0;
            for (var i = 0; i < warmupRounds + rounds; i++)
            {
                if (i == warmupRounds)
                {
                    total.Restart();
                    cpu = new ProcessCpu();
                    deliveredBefore = Interlocked.Read(ref delivered);
                }

                await joiner.Groups.JoinAsync(group);
                var returned = Stopwatch.GetTimestamp();
                var version = (await joiner.Groups.GetSnapshotAsync(group)).Version;
                var arrival = ArrivalOf(version);
                try
                {
                    await arrival.All.Task.WaitAsync(TimeSpan.FromSeconds(30));
                }
                catch (TimeoutException)
                {
                    throw new TimeoutException($"{arrival.Missing} of {watchers} watchers did not receive join version {version} within 30 s.");
                }

                if (i >= warmupRounds)
                {
                    result.Latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(returned, arrival.Last).TotalMilliseconds));
                    result.Ops++;
                }

                await joiner.Groups.LeaveAsync(group);
            }

            // Every watcher's Left of the last round is counted too: wait for the deliveries the rounds made.
            var expected = deliveredBefore + 2L * rounds * watchers;
            var deadline = Stopwatch.StartNew();
            while (Interlocked.Read(ref delivered) < expected && deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(5);
            }

            result.Seconds = total.Elapsed.TotalSeconds;
            var events = Interlocked.Read(ref delivered) - deliveredBefore;
            result.Extra["rounds"] = rounds;
            result.Extra["events"] = events;
            result.Extra["cpu_us_per_event"] = cpu.MicrosecondsPer(events);
            result.Extra["cpu_of"] = "the benchmark process: the silo and every client";
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(readers);
            await Task.WhenAll(watches.Select(w => w.DisposeAsync().AsTask()));
        }
    }

    /// <summary>One join version's arrivals: completes when every watcher has it, keeping the last arrival's time.</summary>
    private sealed class Arrival(int watchers)
    {
        private int _missing = watchers;
        private long _last;

        public TaskCompletionSource All { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Missing => Volatile.Read(ref _missing);

        public long Last => Interlocked.Read(ref _last);

        public void Arrive()
        {
            var now = Stopwatch.GetTimestamp();
            if (Interlocked.Decrement(ref _missing) == 0)
            {
                Interlocked.Exchange(ref _last, now);
                All.TrySetResult();
            }
        }
    }
}
