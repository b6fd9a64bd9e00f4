using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Orleans.Coord.AdoNet.Hosting;

/// <summary>
/// Installs the ADO.NET schema first thing when the silo starts, before clustering reads the membership table, and warns of
/// server settings under which an acknowledged write can be lost (<see cref="AdoNetDurability"/>).
/// </summary>
internal sealed partial class AdoNetSchemaBootstrapper(AdoNetSchemaBootstrapper.Target target, ILoggerFactory loggers) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(AdoNetSchemaBootstrapper), ServiceLifecycleStage.First, InstallAsync);

    private async Task InstallAsync(CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger<AdoNetSchemaBootstrapper>();
        try
        {
            var status = await new AdoNetSchemaInstaller(loggers.CreateLogger<AdoNetSchemaInstaller>())
                .EnsureSchemaAsync(target.Dialect, target.ConnectionString, cancellationToken);
            LogSchema(logger, target.Shown, status);
            foreach (var risk in await AdoNetDurability.RisksAsync(target.Dialect, target.ConnectionString, cancellationToken))
            {
                LogDurabilityRisk(logger, target.Shown, risk);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"Backend {target.Shown}: installing or checking the Orleans.Coord schema failed: {ex.Message}", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backend {Backend}: schema {Status}")]
    private static partial void LogSchema(ILogger logger, string backend, AdoNetSchemaStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backend {Backend}: {Risk}")]
    private static partial void LogDurabilityRisk(ILogger logger, string backend, string risk);

    /// <summary>Where to install: the dialect, the connection string (secret) and the URL as it may be shown.</summary>
    internal sealed record Target(AdoNetDialect Dialect, string ConnectionString, string Shown);
}
