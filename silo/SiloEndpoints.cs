using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Hosting;
using Orleans.Dashboard;

namespace Orleans.Coord.Silo;

/// <summary>
/// The silo's HTTP endpoints on <see cref="SiloSettings.Http"/>: <c>/healthz</c> (alive: 200 while the process runs),
/// <c>/readyz</c> (200 only while the silo is Active in its cluster and its backend answers a round trip, else 503),
/// <c>/metrics</c> (Prometheus) and <c>/dashboard</c> (the Orleans Dashboard). With no HTTP, nothing listens.
/// </summary>
internal static class SiloEndpoints
{
    /// <summary>The tag of the checks <c>/readyz</c> runs.</summary>
    public const string ReadyTag = "ready";

    public const string DashboardPath = "/dashboard";

    /// <summary>Listens on the settings' endpoint (or nowhere) and registers the readiness checks.</summary>
    public static void AddSiloEndpoints(this WebApplicationBuilder builder, SiloSettings settings)
    {
        if (settings.Http is { } http)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(http));
        }
        else
        {
            builder.Services.AddSingleton<IServer, NoHttpServer>();
        }

        builder.Services.AddHealthChecks()
            .AddCoordSiloStatus(ReadyTag)
            .AddCoordBackend(settings.Backend, settings.ReadyTimeout, ReadyTag);
    }

    /// <summary>Maps the endpoints (when HTTP is on).</summary>
    public static void MapSiloEndpoints(this WebApplication app, SiloSettings settings)
    {
        if (settings.Http is null)
        {
            return;
        }

        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthReportText.WriteAsync });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag), ResponseWriter = HealthReportText.WriteAsync });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOrleansDashboard(routePrefix: DashboardPath);
    }
}
