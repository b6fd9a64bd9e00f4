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
            var contestant = new Contestant(result, operation);
            await contestant.WarmUpAsync(Warmup.For(this));
            await contestant.RunAsync(duration);
        }
        catch (Exception ex)
        {
            result.Error = BenchmarkResult.Describe(ex);
        }

        Emit(result);
    }

    /// <summary>True once any scenario reported an error; the program then exits with 1.</summary>
    public static bool AnyError { get; private set; }

    private static readonly List<BenchmarkResult> Emitted = [];
    private static List<BenchmarkResult>? _held;

    /// <summary>Every result emitted so far, in order (a later scenario may relate its figures to an earlier one's).</summary>
    public static IReadOnlyList<BenchmarkResult> Results => Emitted;

    /// <summary>Prints the result's line, or keeps it while <see cref="Hold"/> is in effect.</summary>
    public static void Emit(BenchmarkResult result)
    {
        if (result.Error is not null)
        {
            AnyError = true;
            Progress.Say($"{result.System} {result.Scenario} ({result.Caller}) failed: {result.Error}");
        }

        Emitted.Add(result);
        if (_held is { } held)
        {
            held.Add(result);
            return;
        }

        Console.Out.WriteLine(result.ToJsonLine());
    }

    /// <summary>Keeps the results emitted from now on until <see cref="Release"/>, so fields can still be added to them.</summary>
    public static void Hold() => _held ??= [];

    /// <summary>Ends <see cref="Hold"/>, prints the kept results in order, and returns them.</summary>
    public static IReadOnlyList<BenchmarkResult> Release(Action<IReadOnlyList<BenchmarkResult>> beforePrinting)
    {
        var held = _held ?? [];
        _held = null;
        beforePrinting(held);
        foreach (var result in held)
        {
            Console.Out.WriteLine(result.ToJsonLine());
        }

        return held;
    }
}
