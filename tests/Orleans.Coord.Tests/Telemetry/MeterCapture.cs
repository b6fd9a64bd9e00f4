using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Telemetry;

namespace Orleans.Coord.Tests.Telemetry;

/// <summary>
/// Listens to the <see cref="CoordTelemetry.MeterName"/> meters of the given hosts only (their meter factories are the
/// meters' scope), so that other clusters in the test process do not count; records every measurement with its tags.
/// </summary>
public sealed class MeterCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = [];

    public MeterCapture(params IServiceProvider[] hosts)
    {
        var factories = hosts.Select(h => h.GetRequiredService<IMeterFactory>()).ToHashSet(ReferenceEqualityComparer.Instance);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == CoordTelemetry.MeterName && instrument.Meter.Scope is { } scope && factories.Contains(scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The sum of the measurements of <paramref name="instrument"/> that carry every tag of <paramref name="tags"/>.</summary>
    public double Sum(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags, 0).Sum(m => m.Value);

    /// <summary>How many measurements of <paramref name="instrument"/> carry every tag of <paramref name="tags"/> (a histogram's count).</summary>
    public int Count(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags, 0).Count();

    /// <summary>The values of the matching measurements, in order.</summary>
    public double[] Values(string instrument, params (string Key, string Value)[] tags) => Matching(instrument, tags, 0).Select(m => m.Value).ToArray();

    /// <summary>Reads the observable instruments now; the sum of what <paramref name="instrument"/> reported for the tags.</summary>
    public double Observe(string instrument, params (string Key, string Value)[] tags)
    {
        int from;
        lock (_measurements)
        {
            from = _measurements.Count;
        }

        _listener.RecordObservableInstruments();
        return Matching(instrument, tags, from).Sum(m => m.Value);
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, tags.ToArray()));
        }
    }

    private IEnumerable<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> Matching(string instrument, (string Key, string Value)[] tags, int from)
    {
        lock (_measurements)
        {
            return _measurements.Skip(from)
                .Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(x => x.Key == t.Key && Equals(x.Value?.ToString(), t.Value))))
                .ToArray();
        }
    }
}
