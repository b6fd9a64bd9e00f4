using System.Diagnostics;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// Runs a scenario's operation untimed before it is measured, for a fixed time rather than a fixed count: the JIT's
/// tiered compilation of the whole call path (client, gateway, grain, storage) takes seconds, and a count of a few
/// dozen calls left the first scenario measuring start-up instead of the steady state.
/// </summary>
internal static class Warmup
{
    /// <summary>How long each scenario warms up: 5 s, or 0.2 s with --quick.</summary>
    public static TimeSpan For(ScenarioContext context) => context.Options.Quick ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(5);

    public static Task RunAsync(ScenarioContext context, Func<Task> operation) => RunAsync(For(context), operation);

    /// <summary>Runs <paramref name="operation"/> untimed, one call at a time, for <paramref name="duration"/>.</summary>
    public static async Task RunAsync(TimeSpan duration, Func<Task> operation)
    {
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < duration)
        {
            await operation();
        }
    }

    /// <summary>
    /// Warms up, then runs <paramref name="operation"/> one call at a time for <paramref name="duration"/>, adding
    /// each call's latency and the elapsed time to <paramref name="result"/>, and the bytes the whole process (silo and
    /// clients) allocated per call.
    /// </summary>
    public static async Task ThenMeasureAsync(ScenarioContext context, BenchmarkResult result, TimeSpan duration, Func<Task> operation)
    {
        await RunAsync(context, operation);
        var allocated = GC.GetTotalAllocatedBytes();
        var total = Stopwatch.StartNew();
        while (total.Elapsed < duration)
        {
            var start = Stopwatch.GetTimestamp();
            await operation();
            result.Latencies.AddSince(start);
            result.Ops++;
        }

        result.Seconds = total.Elapsed.TotalSeconds;
        result.Extra["allocated_bytes_per_op"] = result.Ops > 0 ? (GC.GetTotalAllocatedBytes() - allocated) / result.Ops : null;
    }
}
