using System.Diagnostics;
using Orleans.Coord.TestServers;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// idle: what a silo costs when nobody uses it. One process of the silo program on the run's backend, no client;
/// after it has started and settled for 10 s, its CPU seconds over 30 s (2 s and 5 s with --quick), as a percentage of
/// one core; then, after 30 s more, over another 30 s (<c>settled_cpu_percent_of_core</c>, skipped with --quick): by
/// then the JIT has compiled the silo's periodic work at its optimised tier, which in the first window it is still doing.
/// Once without HTTP, and once with its HTTP endpoints and the dashboard on. First the floor, measured the same way: a
/// bare Orleans silo on the same backend without Orleans.Coord (<see cref="BareSiloProcess"/>), whose figures the silo
/// program's lines repeat as <c>floor_cpu_percent_of_core</c> and <c>floor_settled_cpu_percent_of_core</c>.
/// </summary>
internal static class Idle
{
    /// <summary>The pause between the first window and the settled one.</summary>
    private static readonly TimeSpan SettledAfter = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(ScenarioContext context)
    {
        var url = context.Environment.RawUrl;
        var floor = await MeasureAsync(context, "orleans", "bare-silo", floor: null, (siloPort, gatewayPort, clusterId) =>
            BareSiloProcess.Start(url, clusterId, siloPort, gatewayPort));
        foreach (var http in new[] { false, true })
        {
            await MeasureAsync(context, "orleans-coord", http ? "silo+http" : "silo", floor, (siloPort, gatewayPort, clusterId) => SiloProcess.Start(
                [
                    "--backend", url, "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--address", "127.0.0.1",
                    "--cluster-id", clusterId, "--http-port", http ? $"{FreePort.Next()}" : "0",
                ],
                siloPort,
                gatewayPort));
        }
    }

    /// <summary>Starts a process with <paramref name="start"/> (silo port, gateway port, cluster id), measures it and emits its line.</summary>
    private static async Task<BenchmarkResult> MeasureAsync(
        ScenarioContext context, string system, string caller, BenchmarkResult? floor, Func<int, int, string, SiloProcess> start)
    {
        var result = context.NewResult(system, caller, "idle");
        var (settle, span) = context.Options.Quick ? (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)) : (TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        try
        {
            await using var silo = start(FreePort.Next(), FreePort.Next(), $"idle-{Guid.NewGuid():N}"[..20]);
            await Poll.UntilAsync(
                () => silo.HasExited ? throw new InvalidOperationException($"The silo exited:\n{silo.Log}") : silo.Log.Contains("silo started", StringComparison.Ordinal),
                TimeSpan.FromSeconds(90),
                "the silo process has started");
            await Task.Delay(settle);
            var (used, elapsed) = await MeasureCpuAsync(silo, span);
            result.Seconds = elapsed.TotalSeconds;
            result.Extra["cpu_seconds"] = Math.Round(used.TotalSeconds, 3);
            result.Extra["cpu_percent_of_core"] = Percent(used, elapsed);
            if (!context.Options.Quick)
            {
                await Task.Delay(SettledAfter);
                var (settledUsed, settledElapsed) = await MeasureCpuAsync(silo, span);
                result.Extra["settled_cpu_percent_of_core"] = Percent(settledUsed, settledElapsed);
            }
        }
        catch (Exception ex)
        {
            result.Error = BenchmarkResult.Describe(ex);
        }

        foreach (var figure in new[] { "cpu_percent_of_core", "settled_cpu_percent_of_core" })
        {
            if (floor is not null && floor.Extra.TryGetValue(figure, out var value))
            {
                result.Extra[$"floor_{figure}"] = value;
            }
        }

        ScenarioContext.Emit(result);
        return result;
    }

    private static async Task<(TimeSpan Used, TimeSpan Elapsed)> MeasureCpuAsync(SiloProcess silo, TimeSpan span)
    {
        var before = silo.CpuTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(span);
        return (silo.CpuTime - before, clock.Elapsed);
    }

    private static double Percent(TimeSpan used, TimeSpan elapsed) => Math.Round(100 * used.TotalSeconds / elapsed.TotalSeconds, 2);
}
