using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.Coord.Validation;

namespace Orleans.Coord.Silo;

/// <summary>The silo program's settings, read from configuration (see <see cref="SiloArguments"/>) and checked.</summary>
/// <param name="Backend">The backend (<c>Coordination:Backend</c>, else <c>ORLEANS_COORD_BACKEND</c>).</param>
/// <param name="SiloPort">The silo-to-silo port (<c>Silo:SiloPort</c>).</param>
/// <param name="GatewayPort">The client gateway port (<c>Silo:GatewayPort</c>).</param>
/// <param name="Address">The address advertised on durable backends (<c>Silo:Address</c>), or null to detect it.</param>
/// <param name="ClusterId">The cluster and service id on durable backends (<c>Silo:ClusterId</c>).</param>
/// <param name="BackendWait">How long to wait at start for an unreachable backend (<c>Silo:BackendWait</c>).</param>
/// <param name="Http">Where the HTTP endpoints listen, or null when <c>Silo:HttpPort</c> is 0.</param>
/// <param name="ReadyTimeout">The bound on each readiness check (<c>Silo:ReadyTimeout</c>).</param>
/// <param name="Grpc">Where the gRPC API listens (HTTP/2 without TLS), or null when <c>Silo:GrpcPort</c> is 0.</param>
internal sealed record SiloSettings(
    BackendUrl Backend, int SiloPort, int GatewayPort, IPAddress? Address, string? ClusterId, TimeSpan BackendWait, IPEndPoint? Http, TimeSpan ReadyTimeout,
    IPEndPoint? Grpc = null)
{
    private static readonly TimeSpan MaxBackendWait = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxReadyTimeout = TimeSpan.FromMinutes(1);

    /// <exception cref="ArgumentException">A value is out of range; the message names its key and the limit.</exception>
    /// <exception cref="FormatException">The backend URL is malformed.</exception>
    /// <exception cref="InvalidOperationException">A value has the wrong type (from the configuration binder).</exception>
    public static SiloSettings Read(IConfiguration configuration, Func<string, string?> environment)
    {
        var silo = configuration.GetSection("Silo");
        var backend = configuration["Coordination:Backend"] ?? environment(SiloArguments.BackendVariable) ?? "localhost";
        var address = IpAddress(silo, "Address");
        var clusterId = silo["ClusterId"] is { } id ? Guard.Name(id, "Silo:ClusterId") : null;
        var wait = silo.GetValue("BackendWait", TimeSpan.FromSeconds(60));
        if (wait < TimeSpan.Zero || wait > MaxBackendWait)
        {
            throw new ArgumentException($"Silo:BackendWait must be from 0 to {MaxBackendWait.TotalMinutes:0} min (got {wait}).");
        }

        var readyTimeout = silo.GetValue("ReadyTimeout", TimeSpan.FromSeconds(3));
        if (readyTimeout <= TimeSpan.Zero || readyTimeout > MaxReadyTimeout)
        {
            throw new ArgumentException($"Silo:ReadyTimeout must be more than 0 and at most {MaxReadyTimeout.TotalSeconds:0} s (got {readyTimeout}).");
        }

        var httpPort = silo.GetValue("HttpPort", 8080);
        if (httpPort is < 0 or > 65535)
        {
            throw new ArgumentException($"Silo:HttpPort must be a port number from 1 to 65535, or 0 for no HTTP (got {httpPort}).");
        }

        var httpAddress = IpAddress(silo, "HttpAddress") ?? address ?? IPAddress.Loopback;
        var http = httpPort == 0 ? null : new IPEndPoint(httpAddress, httpPort);
        var grpcPort = silo.GetValue("GrpcPort", 50051);
        if (grpcPort is < 0 or > 65535)
        {
            throw new ArgumentException($"Silo:GrpcPort must be a port number from 1 to 65535, or 0 for no gRPC API (got {grpcPort}).");
        }

        var grpcAddress = IpAddress(silo, "GrpcAddress") ?? httpAddress;
        var grpc = grpcPort == 0 ? null : new IPEndPoint(grpcAddress, grpcPort);
        if (http is not null && grpc is not null && http.Port == grpc.Port)
        {
            throw new ArgumentException($"Silo:GrpcPort and Silo:HttpPort must differ (both are {grpcPort}).");
        }

        return new SiloSettings(
            BackendUrl.Parse(backend), Port(silo, "SiloPort", 11111), Port(silo, "GatewayPort", 30000), address, clusterId, wait, http, readyTimeout, grpc);
    }

    private static IPAddress? IpAddress(IConfigurationSection silo, string key) =>
        silo[key] is { Length: > 0 } text
            ? IPAddress.TryParse(text, out var parsed) ? parsed : throw new ArgumentException($"Silo:{key} must be an IP address (got '{text}').")
            : null;

    private static int Port(IConfigurationSection silo, string key, int fallback)
    {
        var port = silo.GetValue(key, fallback);
        return port is >= 1 and <= 65535
            ? port
            : throw new ArgumentException($"Silo:{key} must be a port number from 1 to 65535 (got {port}).");
    }
}
