using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.Coord.Validation;

namespace Orleans.Coord.Silo;

/// <summary>The silo program's settings, read from configuration (see <see cref="SiloArguments"/>) and checked.</summary>
internal sealed record SiloSettings(BackendUrl Backend, int SiloPort, int GatewayPort, IPAddress? Address, string? ClusterId, TimeSpan BackendWait)
{
    private static readonly TimeSpan MaxBackendWait = TimeSpan.FromHours(1);

    /// <exception cref="ArgumentException">A value is out of range; the message names its key and the limit.</exception>
    /// <exception cref="FormatException">The backend URL is malformed.</exception>
    /// <exception cref="InvalidOperationException">A value has the wrong type (from the configuration binder).</exception>
    public static SiloSettings Read(IConfiguration configuration, Func<string, string?> environment)
    {
        var silo = configuration.GetSection("Silo");
        var backend = configuration["Coordination:Backend"] ?? environment(SiloArguments.BackendVariable) ?? "localhost";
        var address = silo["Address"] is { Length: > 0 } text
            ? IPAddress.TryParse(text, out var parsed) ? parsed : throw new ArgumentException($"Silo:Address must be an IP address (got '{text}').")
            : null;
        var clusterId = silo["ClusterId"] is { } id ? Guard.Name(id, "Silo:ClusterId") : null;
        var wait = silo.GetValue("BackendWait", TimeSpan.FromSeconds(60));
        if (wait < TimeSpan.Zero || wait > MaxBackendWait)
        {
            throw new ArgumentException($"Silo:BackendWait must be from 0 to {MaxBackendWait.TotalMinutes:0} min (got {wait}).");
        }

        return new SiloSettings(BackendUrl.Parse(backend), Port(silo, "SiloPort", 11111), Port(silo, "GatewayPort", 30000), address, clusterId, wait);
    }

    private static int Port(IConfigurationSection silo, string key, int fallback)
    {
        var port = silo.GetValue(key, fallback);
        return port is >= 1 and <= 65535
            ? port
            : throw new ArgumentException($"Silo:{key} must be a port number from 1 to 65535 (got {port}).");
    }
}
