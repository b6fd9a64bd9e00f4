using System.Diagnostics;

namespace Orleans.Coord.Benchmarks;

/// <summary>Latency samples in milliseconds; percentiles are taken over all samples (nearest rank).</summary>
internal sealed class Latencies
{
    private readonly List<double> _samples = [];

    public int Count
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    public void Add(double milliseconds)
    {
        lock (_samples)
        {
            _samples.Add(milliseconds);
        }
    }

    public void AddSince(long startTimestamp) => Add(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public double? Percentile(double p)
    {
        lock (_samples)
        {
            if (_samples.Count == 0)
            {
                return null;
            }

            var sorted = _samples.Order().ToArray();
            var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
            return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Length - 1)], 4);
        }
    }
}
