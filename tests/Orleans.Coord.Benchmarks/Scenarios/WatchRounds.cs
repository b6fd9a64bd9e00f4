using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Orleans.Coord.Telemetry;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// The rounds of <c>watch_join_latency</c>, for every caller: join, read the group's version, wait until the watcher
/// has that Joined event, leave. The warm-up runs rounds for <see cref="Warmup.For"/>; then <see cref="Rounds"/>
/// rounds (20 with --quick) are timed from the join's answer to the watcher's arrival. Each round also records what
/// happened in the process while it ran (garbage collections, the thread pool's queue, watch resyncs and gap waits,
/// and how late the operating system ran a thread of the process: <see cref="SchedulerLag"/>),
/// and the slowest rounds are reported with those, so that a late round shows what it coincides with.
/// </summary>
internal static class WatchRounds
{
    public const int Rounds = 200;

    /// <summary>A round slower than this is listed (up to <see cref="Listed"/> of them, slowest first).</summary>
    private const double SlowMs = 1;

    private const int Listed = 5;

    public static async Task RunAsync(
        ScenarioContext context, BenchmarkResult result, WatchArrivals arrivals, Func<Task> join, Func<Task<long>> version, Func<Task> leave)
    {
        using var counters = new WatchCounters();
        using var lag = new SchedulerLag();
        async Task<Round> RoundAsync(int index)
        {
            lag.TakeMaxMs();
            var before = new Round(index, 0, 0, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), counters.Resyncs, counters.GapWaits, ThreadPool.PendingWorkItemCount);
            await join();
            var returned = Stopwatch.GetTimestamp();
            var joined = await version();
            var arrived = await arrivals.WhenArrived(joined).WaitAsync(TimeSpan.FromSeconds(10));
            var round = new Round(
                index,
                Math.Max(0, Stopwatch.GetElapsedTime(returned, arrived).TotalMilliseconds),
                lag.TakeMaxMs(),
                GC.CollectionCount(0) - before.Gc0,
                GC.CollectionCount(1) - before.Gc1,
                GC.CollectionCount(2) - before.Gc2,
                counters.Resyncs - before.Resyncs,
                counters.GapWaits - before.GapWaits,
                before.ThreadPoolQueue);
            await leave();
            return round;
        }

        var warmup = Stopwatch.StartNew();
        var index = 0;
        while (warmup.Elapsed < Warmup.For(context))
        {
            await RoundAsync(index++);
        }

        var rounds = new List<Round>();
        var total = Stopwatch.StartNew();
        for (var i = 0; i < (context.Options.Quick ? 20 : Rounds); i++)
        {
            var round = await RoundAsync(index++);
            rounds.Add(round);
            result.Latencies.Add(round.Ms);
            result.Ops++;
        }

        result.Seconds = total.Elapsed.TotalSeconds;
        var slow = rounds.Where(r => r.Ms > SlowMs).ToArray();
        result.Extra["rounds"] = rounds.Count;
        result.Extra["warmup_rounds"] = index - rounds.Count;
        result.Extra["slow_rounds"] = slow.Length;
        result.Extra["slow_rounds_with_gc"] = slow.Count(r => r.Gc0 + r.Gc1 + r.Gc2 > 0);
        result.Extra["rounds_with_gc"] = rounds.Count(r => r.Gc0 + r.Gc1 + r.Gc2 > 0);
        result.Extra["slow_rounds_with_lag"] = slow.Count(r => r.LagMs > SlowMs);
        result.Extra["rounds_with_lag"] = rounds.Count(r => r.LagMs > SlowMs);
        result.Extra["slowest"] = slow.OrderByDescending(r => r.Ms).Take(Listed).Select(r => new Dictionary<string, object>
        {
            ["round"] = r.Index - (index - rounds.Count),
            ["ms"] = Math.Round(r.Ms, 3),
            ["scheduler_lag_ms"] = Math.Round(r.LagMs, 3),
            ["gc0"] = r.Gc0,
            ["gc1"] = r.Gc1,
            ["gc2"] = r.Gc2,
            ["resyncs"] = r.Resyncs,
            ["gap_waits"] = r.GapWaits,
            ["thread_pool_queue"] = r.ThreadPoolQueue,
        }).ToArray();
    }

    private sealed record Round(int Index, double Ms, double LagMs, int Gc0, int Gc1, int Gc2, long Resyncs, long GapWaits, long ThreadPoolQueue);

    /// <summary>The process's watch resyncs and gap waits so far (the client instruments, read as they are recorded).</summary>
    private sealed class WatchCounters : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _resyncs;
        private long _gapWaits;

        public WatchCounters()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CoordTelemetry.MeterName && instrument.Name is "orleans.coord.watch.resyncs" or "orleans.coord.watch.gap_waits")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            {
                if (instrument.Name == "orleans.coord.watch.resyncs")
                {
                    Interlocked.Add(ref _resyncs, value);
                }
                else
                {
                    Interlocked.Add(ref _gapWaits, value);
                }
            });
            _listener.Start();
        }

        public long Resyncs => Interlocked.Read(ref _resyncs);

        public long GapWaits => Interlocked.Read(ref _gapWaits);

        public void Dispose() => _listener.Dispose();
    }
}

/// <summary>When a watcher received each Joined version: the reader stamps it, the rounds wait for it.</summary>
internal sealed class WatchArrivals
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<long>> _arrivals = new();

    public void Arrived(long version) => Of(version).TrySetResult(Stopwatch.GetTimestamp());

    public Task<long> WhenArrived(long version) => Of(version).Task;

    private TaskCompletionSource<long> Of(long version) =>
        _arrivals.GetOrAdd(version, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
}
