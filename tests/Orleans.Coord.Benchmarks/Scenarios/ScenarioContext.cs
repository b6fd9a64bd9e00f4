namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>What a scenario gets: the options, the environment, and where to report results.</summary>
internal sealed class ScenarioContext(BenchmarkOptions options, BenchmarkEnvironment environment)
{
    public BenchmarkOptions Options { get; } = options;

    public BenchmarkEnvironment Environment { get; } = environment;

    public TimeSpan Duration => Options.Duration;

    public BenchmarkResult NewResult(string system, string caller, string scenario) =>
        new() { System = system, Backend = Environment.Backend, Caller = caller, Scenario = scenario };

    /// <summary>
    /// Warms up and times <paramref name="operation"/> one call at a time for <paramref name="duration"/>, then emits
    /// one result line (with <paramref name="extra"/> fields); an exception ends the measurement and goes in its error.
    /// </summary>
    public async Task MeasureAsync(
        string system, string caller, string scenario, TimeSpan duration, Func<Task> operation, params (string Key, object Value)[] extra)
    {
        var result = NewResult(system, caller, scenario);
        foreach (var (key, value) in extra)
        {
            result.Extra[key] = value;
        }

        try
        {
            await Warmup.ThenMeasureAsync(this, result, duration, operation);
        }
        catch (Exception ex)
        {
            result.Error = $"{ex.GetType().Name}: {ex.Message}";
        }

        Emit(result);
    }

    /// <summary>True once any scenario reported an error; the program then exits with 1.</summary>
    public static bool AnyError { get; private set; }

    public static void Emit(BenchmarkResult result)
    {
        if (result.Error is not null)
        {
            AnyError = true;
            Progress.Say($"{result.System} {result.Scenario} ({result.Caller}) failed: {result.Error}");
        }

        Console.Out.WriteLine(result.ToJsonLine());
    }
}
