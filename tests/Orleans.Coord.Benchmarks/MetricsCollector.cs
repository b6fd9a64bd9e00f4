using OpenTelemetry;
using OpenTelemetry.Metrics;
using Orleans.Coord.Telemetry;

namespace Orleans.Coord.Benchmarks;

/// <summary>
/// With <c>--metrics</c>: an OpenTelemetry meter provider over every Orleans.Coord instrument of the benchmark's silo
/// and clients (all in this process), aggregating as a deployment's would and exporting every second (to memory), so
/// that a run measures what the instruments cost when they are collected.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    private readonly List<Metric> _exported = [];
    private readonly MeterProvider _provider;

    public MetricsCollector() =>
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(CoordTelemetry.MeterName)
            .AddInMemoryExporter(_exported, o => o.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 1000)
            .Build();

    /// <summary>How many metric streams were exported (a sign that collection ran).</summary>
    public int Exported
    {
        get
        {
            _provider.ForceFlush();
            lock (_exported)
            {
                return _exported.Count;
            }
        }
    }

    public void Dispose() => _provider.Dispose();
}
