using Microsoft.Extensions.Configuration;

namespace Orleans.Coord.Silo;

/// <summary>
/// The silo's command line. The flags are short names for configuration keys; any configuration key may also be
/// given as <c>--Section:Key value</c>, and the same keys come from appsettings.json and environment variables
/// (<c>Silo__GatewayPort</c>, <c>Coordination__Backend</c>); the command line wins, then the environment, then the file.
/// </summary>
internal static class SiloArguments
{
    /// <summary>The environment variable the backend URL is read from when no configuration source sets it.</summary>
    public const string BackendVariable = "ORLEANS_COORD_BACKEND";

    public const string Usage = """
        usage: Orleans.Coord.Silo [--backend URL] [--silo-port N] [--gateway-port N] [--address IP] [--cluster-id ID]
                                  [--backend-wait TIME] [--http-port N] [--http-address IP] [--grpc-port N]
                                  [--grpc-address IP] [--Section:Key value ...]
          --backend URL       localhost (default), redis://host:port, postgresql://user[:password]@host:port/db,
                              mysql://user[:password]@host:port/db, zookeeper://host:port[,host:port][/chroot],
                              etcd://host:port[,host:port][/prefix],
                              file:///absolute/directory (one silo; state in files, created if its parent exists);
                              key Coordination:Backend, also read from ORLEANS_COORD_BACKEND
          --silo-port N       silo-to-silo port (default 11111; key Silo:SiloPort)
          --gateway-port N    client gateway port (default 30000; key Silo:GatewayPort)
          --address IP        address advertised to other silos and clients on server backends (default: detected;
                              key Silo:Address)
          --cluster-id ID     Orleans cluster id and service id on server backends (default: default; key Silo:ClusterId)
          --backend-wait TIME how long to wait for an unreachable backend server at start, e.g. 00:01:00 (default 60 s,
                              0 to not wait; key Silo:BackendWait)
          --http-port N       port of /healthz, /readyz, /metrics and /dashboard (default 8080, 0 for no HTTP;
                              key Silo:HttpPort)
          --http-address IP   address the HTTP endpoints listen on (default: --address, else 127.0.0.1;
                              key Silo:HttpAddress)
          --grpc-port N       port of the gRPC API, HTTP/2 without TLS (default 50051, 0 for none; key Silo:GrpcPort;
                              its bounds are the keys Coordination:Grpc:MaxSessions etc., see docs/grpc.md)
          --grpc-address IP   address the gRPC API listens on (default: that of the HTTP endpoints; key Silo:GrpcAddress)
        """;

    /// <summary>The flags and the configuration keys they set.</summary>
    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        ["--backend"] = "Coordination:Backend",
        ["--silo-port"] = "Silo:SiloPort",
        ["--gateway-port"] = "Silo:GatewayPort",
        ["--address"] = "Silo:Address",
        ["--cluster-id"] = "Silo:ClusterId",
        ["--backend-wait"] = "Silo:BackendWait",
        ["--http-port"] = "Silo:HttpPort",
        ["--http-address"] = "Silo:HttpAddress",
        ["--grpc-port"] = "Silo:GrpcPort",
        ["--grpc-address"] = "Silo:GrpcAddress",
    };

    /// <summary>Adds the command line to <paramref name="configuration"/>, after checking that every flag is known.</summary>
    /// <exception cref="ArgumentException">A flag is unknown or has no value.</exception>
    public static void AddTo(IConfigurationBuilder configuration, string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var flag = arg.Split('=', 2)[0];
            if (!flag.StartsWith("--", StringComparison.Ordinal) || !(SwitchMappings.ContainsKey(flag) || flag.Contains(':')))
            {
                throw new ArgumentException($"Unknown argument '{arg}'.\n{Usage}");
            }

            if (!arg.Contains('=') && ++i >= args.Length)
            {
                throw new ArgumentException($"{flag} needs a value.\n{Usage}");
            }
        }

        configuration.AddCommandLine(args, SwitchMappings.ToDictionary(p => p.Key, p => p.Value));
    }
}
