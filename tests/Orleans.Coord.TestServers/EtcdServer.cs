using System.Globalization;
using System.Net.Http;
using Orleans.Coord.TestServers.Internal;

namespace Orleans.Coord.TestServers;

/// <summary>
/// A real single-member <c>etcd</c> (Debian package <c>etcd-server</c>) on free loopback client and peer ports, its data
/// directory in a temporary folder. <see cref="TestServer.RestartAsync"/> kills it (SIGKILL) and starts it again on the same port
/// with the same data, as after a crash.
/// </summary>
public sealed class EtcdServer : TestServer
{
    /// <summary>The Debian package that provides the server binary.</summary>
    public const string DebianPackage = "etcd-server";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly string executable;
    private readonly int peerPort = FreePort.Next();

    private EtcdServer(TempFolder folder, string executable)
        : base(folder)
    {
        this.executable = executable;
    }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Endpoint => $"{Host}:{Port}";

    /// <summary>The server as an Orleans.Coord backend URL, <c>etcd://127.0.0.1:port</c>, optionally with a key prefix.</summary>
    public string UrlWith(string? prefix = null) => $"etcd://{Endpoint}" + (string.IsNullOrEmpty(prefix) ? string.Empty : "/" + prefix);

    /// <summary>The server as an Orleans.Coord backend URL, <c>etcd://127.0.0.1:port</c>.</summary>
    public string Url => UrlWith();

    /// <summary>Starts a server and waits until its <c>/health</c> endpoint reports a leader (at most 30 s).</summary>
    /// <param name="cancellationToken">Cancels the start; the process is then stopped and its folder deleted.</param>
    /// <exception cref="ServerBinaryNotFoundException">etcd is not installed.</exception>
    /// <exception cref="ServerStartException">The server did not become ready; the message holds its log.</exception>
    public static async Task<EtcdServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var executable = ServerBinaries.Locate(DebianPackage, ["etcd"]);
        var server = new EtcdServer(new TempFolder("orleans-coord-etcd"), executable);
        try
        {
            await server.StartProcessAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private protected override TimeSpan ReadyTimeout => StartTimeout;

    private protected override (string FileName, IReadOnlyList<string> Arguments, string? UserName, int StopSignal) Command(int port)
    {
        var client = $"http://{Host}:{port.ToString(CultureInfo.InvariantCulture)}";
        var peer = $"http://{Host}:{peerPort.ToString(CultureInfo.InvariantCulture)}";
        return (executable,
        [
            "--name", "test",
            "--data-dir", Path.Combine(Folder, "data"),
            "--listen-client-urls", client,
            "--advertise-client-urls", client,
            "--listen-peer-urls", peer,
            "--initial-advertise-peer-urls", peer,
            "--initial-cluster", $"test={peer}",
            "--initial-cluster-state", "new",
            "--heartbeat-interval", "100",
            "--election-timeout", "500",
            "--logger", "zap",
            "--log-outputs", "stderr",
            "--log-level", "warn",
        ],
        null,
        Unix.SigTerm);
    }

    private protected override async Task<bool> ProbeAsync(int port, CancellationToken cancellationToken)
    {
        var body = await Http.GetStringAsync($"http://{Host}:{port.ToString(CultureInfo.InvariantCulture)}/health", cancellationToken).ConfigureAwait(false);
        return body.Contains("\"health\":\"true\"", StringComparison.Ordinal);
    }
}
