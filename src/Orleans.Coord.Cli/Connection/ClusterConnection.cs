using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Coord.Client;
using Orleans.Coord.Client.Inspection;
using Orleans.Coord.Hosting;

namespace Orleans.Coord.Cli.Connection;

/// <summary>A started cluster client host, and the inspector that reads through it. Dispose to disconnect.</summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterConnection(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
        Inspector = new CoordinationInspector(Client);
    }

    public IClusterClient Client { get; }

    public CoordinationInspector Inspector { get; }

    /// <summary>Connects within the settings' timeout.</summary>
    /// <exception cref="CliException">No gateway answered in time (exit code 3).</exception>
    public static async Task<ClusterConnection> OpenAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        builder.UseOrleansClient(client =>
        {
            if (settings.Gateway is { } gateway)
            {
                client.UseStaticClustering(gateway).AddCoordStreams();
            }
            else
            {
                client.UseCoordBackend(settings.Backend);
            }

            if (settings.ClusterId is { } clusterId)
            {
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = clusterId;
                });
            }
        });

        IHost host;
        try
        {
            host = builder.Build();
        }
        catch (Exception ex) when (ex is NotSupportedException or FormatException or ArgumentException or OptionsValidationException)
        {
            throw new CliException(ExitCodes.Usage, OneLine.Of(ex));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ConnectTimeout);
        try
        {
            await host.StartAsync(timeout.Token);
            return new ClusterConnection(host);
        }
        catch (Exception ex)
        {
            host.Dispose();
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            var why = ex is OperationCanceledException ? $"no answer within {settings.ConnectTimeout.TotalSeconds:0.#} s" : OneLine.Of(ex);
            throw new CliException(ExitCodes.CannotConnect, $"cannot connect to an Orleans.Coord silo at {settings.Where}: {why}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _host.StopAsync(timeout.Token);
        }
        catch (Exception)
        {
            // Disconnecting is best effort: the command's outcome is already decided.
        }

        _host.Dispose();
    }
}
