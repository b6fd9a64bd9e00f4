using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Coord.Hosting;
using Orleans.Coord.Client;

namespace Orleans.Coord.Benchmarks;

/// <summary>
/// The leader_failover scenario's candidates: this same program started with <c>--candidate</c>. A candidate connects
/// a cluster client, campaigns, prints <c>LEADER term</c> on stdout when it leads, and then waits to be killed.
/// </summary>
internal static class CandidateProcess
{
    public const string Flag = "--candidate";

    /// <summary>Runs the candidate (in the child process).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var (url, clusterId, gatewayPort, election, ttl) = (args[1], args[2], int.Parse(args[3]), args[4], TimeSpan.FromSeconds(double.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture)));
        var backend = BackendUrl.Parse(url);
        using var host = Host.CreateDefaultBuilder(HostArguments.WithoutFileWatching)
            .ConfigureLogging(l => l.ClearProviders())
            .UseOrleansClient(c =>
            {
                c.UseCoordBackend(backend, gatewayPort);
                if (backend.Kind != BackendKind.Localhost)
                {
                    c.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId));
                }
            })
            .Build();
        await host.StartAsync();
        var coordinator = await Coordinator.StartAsync(host.Services.GetRequiredService<IClusterClient>(), $"candidate-{Environment.ProcessId}", new CoordinatorOptions { SessionTtl = ttl });
        Console.Out.WriteLine("READY");
        var leadership = await coordinator.Elections.CampaignAsync(election, ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        Console.Out.WriteLine($"LEADER {leadership.Term}");
        await Task.Delay(Timeout.Infinite, leadership.Lost);
        return 0;
    }

    /// <summary>Starts a candidate child process and reports its stdout lines.</summary>
    public static Process Start(BenchmarkEnvironment environment, string election, TimeSpan ttl, Action<Process, string> onLine)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(CandidateProcess).Assembly.Location);
        foreach (var a in new[] { Flag, environment.RawUrl, environment.ClusterId, environment.GatewayPort.ToString(), election, ttl.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onLine(process, e.Data);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
