namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>What a scenario gets: the options, the environment, and where to report results.</summary>
internal sealed class ScenarioContext(BenchmarkOptions options, BenchmarkEnvironment environment)
{
    public BenchmarkOptions Options { get; } = options;

    public BenchmarkEnvironment Environment { get; } = environment;

    public TimeSpan Duration => Options.Duration;

    public BenchmarkResult NewResult(string system, string caller, string scenario) =>
        new() { System = system, Backend = Environment.Backend, Caller = caller, Scenario = scenario };

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
