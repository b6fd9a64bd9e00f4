using System.Diagnostics;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>One system's part in an interleaved measurement: it warms up once, then runs for one turn at a time.</summary>
internal interface ITakesTurns
{
    /// <summary>The line its figures go to; an error there ends its part.</summary>
    BenchmarkResult Result { get; }

    /// <summary>Runs untimed for <paramref name="duration"/>, before the first turn.</summary>
    Task WarmUpAsync(TimeSpan duration);

    /// <summary>Runs one measured turn of <paramref name="duration"/>, adding to what earlier turns measured.</summary>
    Task RunAsync(TimeSpan duration);
}

/// <summary>
/// One operation timed end to end, one call at a time: latencies, count, time, and the bytes the whole process
/// allocated per call while this contestant's turns ran.
/// </summary>
internal sealed class Contestant(BenchmarkResult result, Func<Task> operation) : ITakesTurns
{
    private long _allocated;

    public BenchmarkResult Result => result;

    public Task WarmUpAsync(TimeSpan duration) => Warmup.RunAsync(duration, operation);

    public async Task RunAsync(TimeSpan duration)
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var elapsed = Stopwatch.StartNew();
        try
        {
            while (elapsed.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                await operation();
                result.Latencies.AddSince(start);
                result.Ops++;
            }
        }
        finally
        {
            result.Seconds += elapsed.Elapsed.TotalSeconds;
            _allocated += GC.GetTotalAllocatedBytes() - allocated;
            result.Extra["allocated_bytes_per_op"] = result.Ops > 0 ? _allocated / result.Ops : null;
        }
    }
}

/// <summary>
/// Measures several systems in turns rather than one after the other: each warms up (<see cref="Warmup"/>), then they
/// take <see cref="Turns"/> turns of a tenth of the duration each, round robin, so each is measured for the whole
/// duration spread over the same minutes. A drift of the machine's speed during the run (another process, CPU
/// frequency, the server's state) then falls on all of them alike, so their ratios hold even when the absolute figures
/// move.
/// </summary>
internal static class Interleaved
{
    /// <summary>How many turns each system gets.</summary>
    public const int Turns = 10;

    /// <summary>
    /// Warms every system up, then runs them in <see cref="Turns"/> rounds. A system whose line already holds an error
    /// takes no part, and one that throws stops there (the error goes in its line); the others go on. Each line gets
    /// <c>turns</c>.
    /// </summary>
    public static async Task MeasureAsync(ScenarioContext context, IReadOnlyList<ITakesTurns> systems)
    {
        var warmup = Warmup.For(context);
        foreach (var system in systems)
        {
            await TryAsync(system.Result, () => system.WarmUpAsync(warmup));
        }

        var turn = context.Duration / Turns;
        for (var round = 0; round < Turns; round++)
        {
            foreach (var system in systems)
            {
                await TryAsync(system.Result, () => system.RunAsync(turn));
            }
        }

        foreach (var system in systems)
        {
            system.Result.Extra["turns"] = Turns;
        }
    }

    /// <summary>Runs <paramref name="body"/> unless the line holds an error; false, with the error in the line, when it throws or an earlier step failed.</summary>
    public static async Task<bool> TryAsync(BenchmarkResult result, Func<Task> body)
    {
        if (result.Error is not null)
        {
            return false;
        }

        try
        {
            await body();
            return true;
        }
        catch (Exception ex)
        {
            result.Error = BenchmarkResult.Describe(ex);
            return false;
        }
    }
}
