using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Coord;
using Orleans.Coord.Hosting;
using Orleans.Coord.Hosting.Tls;
using Orleans.Coord.Server;
using Orleans.Coord.Silo;
using Orleans.Coord.Telemetry;
using Orleans.Dashboard;

// Configuration: appsettings.json, then environment variables, then the command line (see SiloArguments). Read once at
// start: no file watcher on the working directory (it woke the process on every change of any file there).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
SiloSettings settings;
try
{
    SiloArguments.AddTo(builder.Configuration, args);
    settings = SiloSettings.Read(builder.Configuration, Environment.GetEnvironmentVariable);
    // Checked here, so that a bad value stops the silo with one line before anything starts; bound below like the limits.
    (builder.Configuration.GetSection(CoordLockOptions.SectionName).Get<CoordLockOptions>() ?? new CoordLockOptions()).Validate();
}
catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
{
    Console.Error.WriteLine($"error: {OneLine.Of(ex)}");
    return 2;
}

builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.AddFilter("Orleans", LogLevel.Warning);
builder.Logging.AddFilter("Polly", LogLevel.Warning);
builder.Logging.AddFilter("Orleans.Coord", LogLevel.Information);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
try
{
    builder.UseOrleans(silo =>
    {
        silo.AddCoordination().UseCoordBackend(settings.Backend, settings.SiloPort, settings.GatewayPort);
        silo.Services.AddOptions<CoordTelemetryOptions>().Bind(builder.Configuration.GetSection("Coordination:Telemetry"));
        silo.Services.AddOptions<CoordResourceLimits>().Bind(builder.Configuration.GetSection(CoordResourceLimits.SectionName));
        silo.Services.AddOptions<CoordLockOptions>().Bind(builder.Configuration.GetSection(CoordLockOptions.SectionName));
        silo.UseCoordTls(builder.Configuration.GetSection(CoordTlsOptions.SectionName).Get<CoordTlsOptions>() ?? new CoordTlsOptions());
        silo.AddActivityPropagation();
        if (settings.Http is not null)
        {
            silo.AddDashboard();
        }

        if (settings.Backend.Kind is not (BackendKind.Localhost or BackendKind.File))
        {
            if (settings.Address is { } address)
            {
                silo.ConfigureEndpoints(address, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
            }
            else
            {
                silo.ConfigureEndpoints(settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
            }

            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId ?? "default";
                o.ServiceId = settings.ClusterId ?? "default";
            });
        }
    });
    builder.AddSiloEndpoints(settings);
    builder.Services.AddSiloTelemetry(prometheus: settings.Http is not null, Environment.GetEnvironmentVariable);
}
catch (Exception ex) when (ex is NotSupportedException or FormatException or ArgumentException)
{
    Console.Error.WriteLine($"error: {OneLine.Of(ex)}");
    return 2;
}

await using var host = builder.Build();
host.MapSiloEndpoints(settings);
var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Coord.Silo");
logger.LogInformation("Orleans.Coord silo starting: backend {Backend}, silo port {SiloPort}, gateway port {GatewayPort}",
    settings.Backend, settings.SiloPort, settings.GatewayPort);
if (settings.Backend.Kind == BackendKind.Localhost)
{
    logger.LogWarning("The localhost backend keeps state in memory: it is for one development silo, and everything is lost when it stops.");
}

try
{
    await BackendReachability.WaitAsync(settings.Backend, settings.BackendWait, (ex, wait) =>
        logger.LogWarning("{Cause}; trying again in {Wait:0.0} s", ex.Message, wait.TotalSeconds));
}
catch (BackendUnreachableException ex)
{
    Console.Error.WriteLine(settings.Backend.Kind == BackendKind.File
        ? $"error: {ex.Message}"
        : $"error: {ex.Message} (waited {settings.BackendWait.TotalSeconds:0} s; Silo:BackendWait)");
    return 1;
}

var http = settings.Http is { } endpoint ? $"HTTP on http://{endpoint} (/healthz, /readyz, /metrics, {SiloEndpoints.DashboardPath})" : "no HTTP";
http += settings.Grpc is { } grpcEndpoint ? $", gRPC on {grpcEndpoint}" : ", no gRPC";
host.Lifetime.ApplicationStarted.Register(() =>
    logger.LogInformation("Orleans.Coord silo started; gateway on 127.0.0.1:{GatewayPort}, {Http}. Press Ctrl+C to stop.", settings.GatewayPort, http));
try
{
    await host.RunAsync();
}
catch (Exception ex)
{
    logger.LogDebug(ex, "The silo failed");
    Console.Error.WriteLine($"error: the silo failed on {settings.Backend}: {OneLine.Of(ex)}");
    return 1;
}

return 0;
