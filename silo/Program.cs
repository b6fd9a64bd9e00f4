using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Coord;
using Orleans.Coord.Hosting;
using Orleans.Coord.Server;
using Orleans.Coord.Silo;

SiloArguments arguments;
try
{
    arguments = SiloArguments.Parse(args, Environment.GetEnvironmentVariable);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.AddFilter("Orleans", LogLevel.Warning);
builder.Logging.AddFilter("Polly", LogLevel.Warning);
builder.Logging.AddFilter("Orleans.Coord", LogLevel.Information);
try
{
    builder.UseOrleans(silo =>
    {
        silo.AddCoordination().UseCoordBackend(arguments.Backend, arguments.SiloPort, arguments.GatewayPort);
        if (arguments.Backend.Kind != BackendKind.Localhost)
        {
            if (arguments.Address is { } address)
            {
                silo.ConfigureEndpoints(address, arguments.SiloPort, arguments.GatewayPort, listenOnAnyHostAddress: true);
            }
            else
            {
                silo.ConfigureEndpoints(arguments.SiloPort, arguments.GatewayPort, listenOnAnyHostAddress: true);
            }

            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = arguments.ClusterId ?? "default";
                o.ServiceId = arguments.ClusterId ?? "default";
            });
        }
    });
}
catch (Exception ex) when (ex is NotSupportedException or FormatException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

using var host = builder.Build();
var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Orleans.Coord.Silo");
logger.LogInformation("Orleans.Coord silo starting: backend {Backend}, silo port {SiloPort}, gateway port {GatewayPort}",
    arguments.Backend, arguments.SiloPort, arguments.GatewayPort);
if (arguments.Backend.Kind == BackendKind.Localhost)
{
    logger.LogWarning("The localhost backend keeps state in memory: it is for one development silo, and everything is lost when it stops.");
}

host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
    logger.LogInformation("Orleans.Coord silo started; gateway on 127.0.0.1:{GatewayPort}. Press Ctrl+C to stop.", arguments.GatewayPort));
try
{
    await host.RunAsync();
}
catch (Exception ex)
{
    logger.LogCritical(ex, "The silo failed on backend {Backend}: {Message}", arguments.Backend, ex.Message);
    return 1;
}

return 0;
