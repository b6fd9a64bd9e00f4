using System.Diagnostics;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>One system's part in an interleaved measurement: where its figures go, and its operation.</summary>
/// <param name="Result">The line that receives the operation's latencies, count, time and allocation.</param>
/// <param name="Operation">One operation, timed end to end.</param>
internal sealed record Contestant(BenchmarkResult Result, Func<Task> Operation)
{
    /// <summary>Bytes the whole process allocated while this contestant's slices ran.</summary>
    public long AllocatedBytes { get; set; }
}

/// <summary>
/// Measures several systems' operations in turns rather than one after the other: each warms up
/// (<see cref="Warmup"/>), then they take turns of <see cref="SliceOf"/> each, one operation at a time, until every one
/// has run for the whole duration. A drift of the machine's speed during the run (another process, CPU frequency, the
/// server's state) then falls on all of them alike, so their ratios hold even when the absolute figures move.
/// </summary>
internal static class Interleaved
{
    /// <summary>How many turns each contestant gets.</summary>
    public const int Turns = 10;

    /// <summary>The length of one turn: a tenth of the duration.</summary>
    public static TimeSpan SliceOf(TimeSpan duration) => duration / Turns;

    /// <summary>
    /// Warms every contestant up, then runs them in <see cref="Turns"/> rounds of one slice each. A contestant whose
    /// operation throws stops there (the error goes in its line); the others go on.
    /// </summary>
    public static async Task MeasureAsync(ScenarioContext context, IReadOnlyList<Contestant> contestants)
    {
        var running = new List<Contestant>();
        foreach (var contestant in contestants)
        {
            if (await TryAsync(contestant, () => Warmup.RunAsync(context, contestant.Operation)))
            {
                running.Add(contestant);
            }
        }

        var slice = SliceOf(context.Duration);
        for (var turn = 0; turn < Turns; turn++)
        {
            foreach (var contestant in running.ToArray())
            {
                if (!await TryAsync(contestant, () => RunSliceAsync(contestant, slice)))
                {
                    running.Remove(contestant);
                }
            }
        }

        foreach (var contestant in contestants)
        {
            var result = contestant.Result;
            result.Extra["allocated_bytes_per_op"] = result.Ops > 0 ? contestant.AllocatedBytes / result.Ops : null;
            result.Extra["turns"] = Turns;
        }
    }

    private static async Task RunSliceAsync(Contestant contestant, TimeSpan slice)
    {
        var result = contestant.Result;
        var allocated = GC.GetTotalAllocatedBytes();
        var elapsed = Stopwatch.StartNew();
        try
        {
            while (elapsed.Elapsed < slice)
            {
                var start = Stopwatch.GetTimestamp();
                await contestant.Operation();
                result.Latencies.AddSince(start);
                result.Ops++;
            }
        }
        finally
        {
            result.Seconds += elapsed.Elapsed.TotalSeconds;
            contestant.AllocatedBytes += GC.GetTotalAllocatedBytes() - allocated;
        }
    }

    private static async Task<bool> TryAsync(Contestant contestant, Func<Task> body)
    {
        try
        {
            await body();
            return true;
        }
        catch (Exception ex)
        {
            contestant.Result.Error = $"{ex.GetType().Name}: {ex.Message}";
            return false;
        }
    }
}
