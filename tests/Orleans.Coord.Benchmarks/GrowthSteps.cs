namespace Orleans.Coord.Benchmarks;

/// <summary>
/// The steps of a scenario that measures how cost grows with the work: the sizes it runs (×10 apart), and for each step
/// after the first a <c>growth</c> field on its output line with, per chosen figure, the figure divided by the previous
/// step's (1 means flat, 10 means linear in a ×10 step).
/// </summary>
/// <param name="figures">The output fields compared between steps: <c>p50_ms</c>, <c>p99_ms</c>, <c>ops_per_s</c>, or a scenario's own field.</param>
internal sealed class GrowthSteps(params string[] figures)
{
    private Dictionary<string, double>? _previous;

    /// <summary>The step sizes: <paramref name="quick"/> with --quick, <paramref name="full"/> otherwise.</summary>
    public static int[] Sizes(BenchmarkOptions options, int[] full, int[] quick) => options.Quick ? quick : full;

    /// <summary>Adds the <c>growth</c> field to <paramref name="result"/> (after the first step) and remembers its figures for the next step.</summary>
    public void Compare(BenchmarkResult result)
    {
        var current = new Dictionary<string, double>();
        foreach (var figure in figures)
        {
            if (FigureOf(result, figure) is { } value)
            {
                current[figure] = value;
            }
        }

        if (_previous is not null)
        {
            result.Extra["growth"] = current
                .Where(f => _previous.TryGetValue(f.Key, out var before) && before > 0)
                .ToDictionary(f => f.Key, f => Math.Round(f.Value / _previous[f.Key], 2));
        }

        _previous = current;
    }

    private static double? FigureOf(BenchmarkResult result, string figure) => figure switch
    {
        "p50_ms" => result.Latencies.Percentile(50),
        "p99_ms" => result.Latencies.Percentile(99),
        "ops_per_s" => result.Seconds > 0 ? result.Ops / result.Seconds : null,
        _ => result.Extra.TryGetValue(figure, out var value) && value is not null ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) : null,
    };
}
