using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using Orleans.Coord.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Orleans.Coord.Silo;

/// <summary>
/// The silo's metrics and traces through OpenTelemetry: the meters <c>Orleans.Coord</c> (this project's),
/// <c>Microsoft.Orleans</c> (Orleans') and the .NET runtime's; the activity sources <c>Orleans.Coord</c> and
/// <c>Microsoft.Orleans.*</c>. Metrics are scraped in Prometheus' text format at <c>/metrics</c> when HTTP is on;
/// everything is also sent by OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is set (with the other
/// <c>OTEL_*</c> variables: protocol, headers, service name).
/// </summary>
internal static class SiloTelemetry
{
    /// <summary>The meter and activity source name of Orleans.Coord's own instruments.</summary>
    public const string CoordName = CoordTelemetry.MeterName;

    /// <summary>The meter of Orleans' runtime (grain calls, messaging, membership, storage).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Orleans' activity sources (runtime, application grain calls, lifecycle, storage).</summary>
    public const string OrleansSources = "Microsoft.Orleans.*";

    /// <summary>The standard variable whose presence turns on the OTLP exporter.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Adds OpenTelemetry only where it has somewhere to send: metrics when <paramref name="prometheus"/> (HTTP is on) or
    /// OTLP is configured, traces only when OTLP is configured. An idle silo with neither records nothing.
    /// </summary>
    public static void AddSiloTelemetry(this IServiceCollection services, bool prometheus, Func<string, string?> environment)
    {
        var otlp = !string.IsNullOrWhiteSpace(environment(OtlpEndpointVariable));
        if (!prometheus && !otlp)
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("Orleans.Coord.Silo"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CoordName, OrleansMeter).AddRuntimeInstrumentation();
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(CoordName, OrleansSources)).UseOtlpExporter();
        }
    }
}
