using System.CommandLine;
using System.Net;
using Orleans.Coord.Cli.Connection;

namespace Orleans.Coord.Cli;

/// <summary>The options every command takes: output format and where the cluster is.</summary>
internal sealed class GlobalOptions
{
    /// <summary>The environment variable that names the backend when <c>--backend</c> is not given.</summary>
    public const string BackendVariable = "ORLEANS_COORD_BACKEND";

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON instead of a table (live views: one JSON object per line)", Recursive = true };

    public Option<string?> Backend { get; } = new("--backend") { Description = $"Backend URL whose membership lists the gateways (default: ${BackendVariable}, else localhost)", HelpName = "URL", Recursive = true };

    public Option<string?> Gateway { get; } = new("--gateway") { Description = "Connect to this gateway directly instead (host:port)", HelpName = "HOST:PORT", Recursive = true };

    public Option<string?> ClusterId { get; } = new("--cluster-id") { Description = "Orleans cluster id and service id (default: default)", HelpName = "ID", Recursive = true };

    public Option<double> Timeout { get; } = new("--timeout") { Description = "Seconds to try to connect before giving up (exit code 3)", HelpName = "SECONDS", DefaultValueFactory = _ => 10, Recursive = true };

    public void AddTo(Command root)
    {
        root.Options.Add(Json);
        root.Options.Add(Backend);
        root.Options.Add(Gateway);
        root.Options.Add(ClusterId);
        root.Options.Add(Timeout);
    }

    /// <summary>Where to connect, from the options and the environment.</summary>
    /// <exception cref="CliException">A value is malformed (exit code 2).</exception>
    public ConnectionSettings Settings(ParseResult parse)
    {
        var backendText = parse.GetValue(Backend) ?? Environment.GetEnvironmentVariable(BackendVariable) ?? "localhost";
        BackendUrl backend;
        try
        {
            backend = BackendUrl.Parse(backendText);
        }
        catch (FormatException ex)
        {
            throw new CliException(ExitCodes.Usage, OneLine.Of(ex));
        }

        IPEndPoint? gateway = null;
        if (parse.GetValue(Gateway) is { } gatewayText && !IPEndPoint.TryParse(gatewayText, out gateway))
        {
            throw new CliException(ExitCodes.Usage, $"--gateway '{gatewayText}' is not an IP address and port (for example 127.0.0.1:30000)");
        }

        if (gateway is { Port: 0 })
        {
            throw new CliException(ExitCodes.Usage, $"--gateway '{gateway}' has no port (for example 127.0.0.1:30000)");
        }

        var seconds = parse.GetValue(Timeout);
        if (!(seconds > 0 && seconds <= 3600))
        {
            throw new CliException(ExitCodes.Usage, $"--timeout {seconds} is not between 0 and 3600 seconds");
        }

        return new ConnectionSettings(backend, gateway, parse.GetValue(ClusterId), TimeSpan.FromSeconds(seconds));
    }
}
