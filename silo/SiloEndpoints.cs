using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Orleans.Coord.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Hosting;
using Orleans.Dashboard;

namespace Orleans.Coord.Silo;

/// <summary>
/// The silo's HTTP endpoints on <see cref="SiloSettings.Http"/>: <c>/healthz</c> (alive: 200 while the process runs),
/// <c>/readyz</c> (200 only while the silo is Active in its cluster and its backend answers a round trip, else 503),
/// <c>/metrics</c> (Prometheus) and <c>/dashboard</c> (the Orleans Dashboard); and the gRPC API on
/// <see cref="SiloSettings.Grpc"/> (HTTP/2 without TLS, docs/grpc.md). With neither, nothing listens.
/// </summary>
internal static class SiloEndpoints
{
    /// <summary>The tag of the checks <c>/readyz</c> runs.</summary>
    public const string ReadyTag = "ready";

    public const string DashboardPath = "/dashboard";

    /// <summary>Listens on the settings' endpoint (or nowhere) and registers the readiness checks.</summary>
    public static void AddSiloEndpoints(this WebApplicationBuilder builder, SiloSettings settings)
    {
        if (settings.Http is not null || settings.Grpc is not null)
        {
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                if (settings.Http is { } http)
                {
                    kestrel.Listen(http);
                }

                if (settings.Grpc is { } grpc)
                {
                    kestrel.Listen(grpc, listen => listen.Protocols = HttpProtocols.Http2);
                }
            });
        }
        else
        {
            builder.Services.AddSingleton<IServer, NoHttpServer>();
        }

        if (settings.Grpc is not null)
        {
            // Checked here, so that a bad bound stops the program with one line, as the other settings do.
            var section = builder.Configuration.GetSection("Coordination:Grpc");
            var bounds = new CoordGrpcOptions();
            section.Bind(bounds);
            try
            {
                bounds.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Coordination:Grpc:{Validation.Guard.Describe(ex)}", ex);
            }

            builder.Services.AddCoordGrpc();
            builder.Services.AddOptions<CoordGrpcOptions>().Bind(section);
        }

        builder.Services.AddHealthChecks()
            .AddCoordSiloStatus(ReadyTag)
            .AddCoordBackend(settings.Backend, settings.ReadyTimeout, ReadyTag);
    }

    /// <summary>Maps the endpoints (when HTTP is on).</summary>
    public static void MapSiloEndpoints(this WebApplication app, SiloSettings settings)
    {
        if (settings.Grpc is not null)
        {
            app.MapCoordGrpc();
        }

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
