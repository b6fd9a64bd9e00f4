using System.Globalization;
using Orleans.Coord.Hosting;

namespace Orleans.Coord.Silo;

/// <summary>The silo's command line: <c>--backend URL</c> (or ORLEANS_COORD_BACKEND), <c>--silo-port N</c>, <c>--gateway-port N</c>.</summary>
internal sealed record SiloArguments(BackendUrl Backend, int SiloPort, int GatewayPort, System.Net.IPAddress? Address, string? ClusterId)
{
    public const string BackendVariable = "ORLEANS_COORD_BACKEND";

    public const string Usage = """
        usage: Orleans.Coord.Silo [--backend URL] [--silo-port N] [--gateway-port N] [--address IP] [--cluster-id ID]
          --backend URL     localhost (default), redis://host:port, postgresql://user[:password]@host:port/db,
                            mysql://user[:password]@host:port/db, zookeeper://host:port[,host:port][/chroot];
                            also read from the ORLEANS_COORD_BACKEND environment variable
          --silo-port N     silo-to-silo port (default 11111)
          --gateway-port N  client gateway port (default 30000)
          --address IP      address advertised to other silos and clients on durable backends (default: detected)
          --cluster-id ID   Orleans cluster id and service id on durable backends (default: default)
        """;

    /// <exception cref="ArgumentException">An argument is unknown, missing its value, or out of range.</exception>
    /// <exception cref="FormatException">The backend URL is malformed.</exception>
    public static SiloArguments Parse(string[] args, Func<string, string?> environment)
    {
        var backend = environment(BackendVariable);
        var siloPort = 11111;
        var gatewayPort = 30000;
        System.Net.IPAddress? address = null;
        string? clusterId = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            switch (args[i])
            {
                case "--backend":
                    backend = Value();
                    break;
                case "--silo-port":
                    siloPort = Port(Value(), "--silo-port");
                    break;
                case "--gateway-port":
                    gatewayPort = Port(Value(), "--gateway-port");
                    break;
                case "--address":
                    var text = Value();
                    address = System.Net.IPAddress.TryParse(text, out var parsed)
                        ? parsed
                        : throw new ArgumentException($"--address must be an IP address (got '{text}').");
                    break;
                case "--cluster-id":
                    clusterId = Orleans.Coord.Validation.Guard.Name(Value(), "--cluster-id");
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.\n{Usage}");
            }
        }

        return new SiloArguments(BackendUrl.Parse(backend ?? "localhost"), siloPort, gatewayPort, address, clusterId);
    }

    private static int Port(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new ArgumentException($"{name} must be a port number from 1 to 65535 (got '{text}').");
}
