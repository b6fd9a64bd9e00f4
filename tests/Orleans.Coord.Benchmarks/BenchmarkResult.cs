using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Coord.Benchmarks;

/// <summary>One output line: the common fields of every scenario plus its own fields.</summary>
internal sealed class BenchmarkResult
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public required string System { get; init; }

    public required string Backend { get; init; }

    public required string Caller { get; init; }

    public required string Scenario { get; init; }

    public long Ops { get; set; }

    public double Seconds { get; set; }

    public string? Error { get; set; }

    public Latencies Latencies { get; } = new();

    public Dictionary<string, object?> Extra { get; } = [];

    /// <summary>How a line names an error: the exception's type and message.</summary>
    public static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";

    public string ToJsonLine()
    {
        var line = new Dictionary<string, object?>
        {
            ["system"] = System,
            ["backend"] = Backend,
            ["caller"] = Caller,
            ["scenario"] = Scenario,
            ["ops"] = Ops,
            ["seconds"] = Math.Round(Seconds, 3),
            ["ops_per_s"] = Seconds > 0 ? Math.Round(Ops / Seconds, 1) : null,
            ["p50_ms"] = Latencies.Percentile(50),
            ["p99_ms"] = Latencies.Percentile(99),
            ["error"] = Error,
        };
        foreach (var (key, value) in Extra)
        {
            line[key] = value;
        }

        return JsonSerializer.Serialize(line, Json);
    }
}
