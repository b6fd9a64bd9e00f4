using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Orleans.Coord.Telemetry;

namespace Orleans.Coord.Benchmarks;

/// <summary>
/// With <c>--metrics</c>: listens to every Orleans.Coord instrument of the benchmark's silo and clients (all in this
/// process) and keeps a running count and sum per instrument and tag set, as a metrics exporter's aggregation does, so
/// that a run measures what the instruments cost when someone collects them.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(Instrument, string), Aggregate> _aggregates = new();

    public MetricsCollector()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CoordTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>How many measurements were taken, over all instruments.</summary>
    public long Measurements => _aggregates.Values.Sum(a => a.Count);

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = string.Empty;
        foreach (var tag in tags)
        {
            key = string.Concat(key, tag.Key, "=", tag.Value?.ToString(), ";");
        }

        var aggregate = _aggregates.GetOrAdd((instrument, key), _ => new Aggregate());
        lock (aggregate)
        {
            aggregate.Count++;
            aggregate.Sum += value;
        }
    }

    private sealed class Aggregate
    {
        public long Count;
        public double Sum;
    }
}
