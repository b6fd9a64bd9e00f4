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
}
