using System.Diagnostics;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// Runs a scenario's operation untimed before it is measured, for a fixed time rather than a fixed count: the JIT's
/// tiered compilation of the whole call path (client, gateway, grain, storage) takes seconds, and a count of a few
/// dozen calls left the first scenario measuring start-up instead of the steady state.
/// </summary>
internal static class Warmup
{
    /// <summary>How long each scenario warms up: 2 s, or 0.2 s with --quick.</summary>
    public static TimeSpan For(ScenarioContext context) => context.Options.Quick ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(2);

    public static async Task RunAsync(ScenarioContext context, Func<Task> operation)
    {
        var duration = For(context);
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < duration)
        {
            await operation();
        }
    }
}
