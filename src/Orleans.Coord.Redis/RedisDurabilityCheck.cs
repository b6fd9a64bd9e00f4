using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using StackExchange.Redis;

namespace Orleans.Coord.Redis;

/// <summary>
/// Once the silo is active, asks the Redis servers whether they keep acknowledged writes across a restart
/// (<see cref="RedisDurability"/>) and logs a warning for each that does not. It runs in the background on a connection
/// of its own and never delays or fails the silo's start; a server that cannot be asked is logged at debug level.
/// </summary>
internal sealed partial class RedisDurabilityCheck(ConfigurationOptions options, string shown, ILogger<RedisDurabilityCheck> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RedisDurabilityCheck), ServiceLifecycleStage.Active, Start);

    private Task Start(CancellationToken cancellationToken)
    {
        _ = Task.Run(CheckAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task CheckAsync()
    {
        try
        {
            var configuration = options.Clone();
            configuration.AbortOnConnectFail = true;
            configuration.ConnectTimeout = (int)ConnectTimeout.TotalMilliseconds;
            configuration.AllowAdmin = true;
            await using var redis = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
            foreach (var risk in await RedisDurability.RisksAsync(redis).ConfigureAwait(false))
            {
                LogRisk(shown, risk);
            }
        }
        catch (Exception ex)
        {
            LogNotChecked(ex, shown);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backend {Backend}: {Risk}")]
    private partial void LogRisk(string backend, string risk);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Backend {Backend}: could not ask the Redis servers whether they keep writes across a restart")]
    private partial void LogNotChecked(Exception ex, string backend);
}
