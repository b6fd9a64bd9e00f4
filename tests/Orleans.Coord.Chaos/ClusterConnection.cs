using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Coord.Hosting;

namespace Orleans.Coord.Chaos;

/// <summary>A cluster client host that finds the run's silo gateways through the backend (every gateway the membership table lists).</summary>
internal static class ClusterConnection
{
    /// <summary>Starts the client, trying again every 500 ms while no gateway answers; null when <paramref name="stop"/> came first.</summary>
    public static async Task<IHost?> ConnectAsync(string backendUrl, string clusterId, Action<Exception> onError, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var host = Host.CreateDefaultBuilder()
                .ConfigureLogging(l => l.ClearProviders())
                .UseOrleansClient(c => c
                    .UseCoordBackend(BackendUrl.Parse(backendUrl))
                    .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, clusterId)))
                .Build();
            try
            {
                await host.StartAsync(stop);
                return host;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                onError(e);
                host.Dispose();
                await Task.Delay(500, CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                host.Dispose();
            }
        }

        return null;
    }
}
