using Orleans.Coord.Benchmarks.Locks;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// many_contenders: the <c>lock_contended</c> workload with 8, 64 and 256 sessions (8 and 64 with --quick), each step
/// on a lock of its own over one cluster client. The steps are measured in turns (<see cref="Interleaved"/>), so that
/// a drift of the machine's speed during the run does not change their ratios. Per step: handoffs per second, handoff
/// p99, and fairness: each session's grants against the mean (the queue is FIFO, so the spread should stay within
/// ±20%).
/// </summary>
internal static class ManyContenders
{
    /// <summary>The fairness bound the spread of grants per session is held to, as a fraction of the mean.</summary>
    private const double FairSpread = 0.20;

    public static async Task RunAsync(ScenarioContext context, ILockSystem system, string caller)
    {
        var growth = new GrowthSteps("handoffs_per_s", "handoff_p99_ms", "cpu_us_per_grant");
        var counts = GrowthSteps.Sizes(context.Options, full: [8, 64, 256], quick: [8, 64]);
        var results = await LockContended.MeasureInTurnsAsync(
            context, "many_contenders", [.. counts.Select(count => new LockContended.Part(system, caller, count, $"{count} sessions over 1 cluster client"))]);
        foreach (var (count, result) in counts.Zip(results))
        {
            result.Extra["sessions"] = count;
            if (result.Extra.Remove("grants_per_contender", out var value) && value is long[] grants && grants.Length > 0)
            {
                var mean = grants.Average();
                result.Extra["grants_min"] = grants.Min();
                result.Extra["grants_mean"] = Math.Round(mean, 1);
                result.Extra["grants_max"] = grants.Max();
                var spread = mean > 0 ? grants.Max(g => Math.Abs(g - mean)) / mean : 0;
                result.Extra["grants_spread_pct"] = Math.Round(spread * 100, 1);
                result.Extra["fair"] = spread <= FairSpread;
            }

            growth.Compare(result);
            ScenarioContext.Emit(result);
        }
    }
}
