using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Coord.Hosting;
using Orleans.Coord.TestServers;

namespace Orleans.Coord.Benchmarks;

/// <summary>
/// The idle scenario's floor: this same program started with <c>--bare-silo</c> runs an Orleans silo on the run's
/// backend exactly as the silo program configures it (<c>UseCoordBackend</c>: clustering, storage, stream pub-sub store
/// and reminders; loopback endpoints and the cluster id it is given) but without Orleans.Coord: no
/// <c>AddCoordination()</c>, so no coordination grains, streams or services, and no HTTP. What it costs when idle is
/// what Orleans itself costs on that backend.
/// </summary>
internal static class BareSiloProcess
{
    public const string Flag = "--bare-silo";

    /// <summary>The line the process prints once the silo has started.</summary>
    public const string StartedLine = "bare Orleans silo started";

    /// <summary>Runs the bare silo (in the child process) until it is killed.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        string Value(string name) => args[Array.IndexOf(args, name) + 1];
        var backend = BackendUrl.Parse(Value("--backend"));
        var (siloPort, gatewayPort, clusterId) = (int.Parse(Value("--silo-port")), int.Parse(Value("--gateway-port")), Value("--cluster-id"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = HostArguments.WithoutFileWatching });
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).AddFilter("Orleans", LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseCoordBackend(backend, siloPort, gatewayPort);
            if (backend.Kind is not (BackendKind.Localhost or BackendKind.File))
            {
                silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: true);
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId));
            }
        });
        using var host = builder.Build();
        await host.StartAsync();
        Console.Out.WriteLine(StartedLine);
        await host.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>Starts a bare silo child process on <paramref name="backendUrl"/>.</summary>
    public static SiloProcess Start(string backendUrl, string clusterId, int siloPort, int gatewayPort) =>
        SiloProcess.StartProgram(
            typeof(BareSiloProcess).Assembly.Location,
            [Flag, "--backend", backendUrl, "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--cluster-id", clusterId],
            siloPort,
            gatewayPort);
}
