using System.Globalization;

namespace Orleans.Coord.Tests.Telemetry;

/// <summary>Reads samples out of Prometheus' text exposition format (as served at <c>/metrics</c>).</summary>
internal static class PrometheusText
{
    /// <summary>The sum of the samples of <paramref name="metric"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public static double Sum(string text, string metric, params (string Name, string Value)[] labels)
    {
        var sum = 0.0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(metric, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[metric.Length..];
            var sampleLabels = new Dictionary<string, string>();
            if (rest.StartsWith('{'))
            {
                var close = rest.IndexOf('}');
                foreach (var pair in rest[1..close].Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=');
                    sampleLabels[pair[..eq]] = pair[(eq + 1)..].Trim('"');
                }

                rest = rest[(close + 1)..];
            }
            else if (!rest.StartsWith(' '))
            {
                continue; // A longer metric name that starts with this one.
            }

            if (labels.All(l => sampleLabels.TryGetValue(l.Name, out var v) && v == l.Value))
            {
                sum += double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }
}
