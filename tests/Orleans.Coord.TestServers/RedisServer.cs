using System.Net.Sockets;
using System.Text;
using Orleans.Coord.TestServers.Internal;

namespace Orleans.Coord.TestServers;

/// <summary>
/// A real <c>redis-server</c> (Debian package <c>redis-server</c>) on a free loopback port, its working directory in a
/// temporary folder: without persistence (<c>--save ""</c>, <c>--appendonly no</c>), or durable (<c>--appendonly yes
/// --appendfsync always</c>: every write is on disk before it is answered, so a restart after a kill keeps it).
/// </summary>
public sealed class RedisServer : TestServer
{
    /// <summary>The Debian package that provides the server binary.</summary>
    public const string DebianPackage = "redis-server";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly string executable;
    private readonly bool durable;

    private RedisServer(TempFolder folder, string executable, bool durable)
        : base(folder)
    {
        this.executable = executable;
        this.durable = durable;
    }

    /// <summary>A StackExchange.Redis configuration string, <c>127.0.0.1:port</c>.</summary>
    public string ConnectionString => $"{Host}:{Port}";

    /// <summary>The server as an Orleans.Coord backend URL, <c>redis://127.0.0.1:port</c>.</summary>
    public string Url => $"redis://{Host}:{Port}";

    /// <summary>Starts a server and waits until it answers PING (at most 20 s).</summary>
    /// <param name="cancellationToken">Cancels the start; the process is then stopped and its folder deleted.</param>
    /// <param name="port">A port to listen on (for a client that was told the address before the server existed); null: a free one.</param>
    /// <param name="durable">Whether every write is appended to a file and fsynced before it is answered, so that
    /// <see cref="TestServer.RestartAsync"/> after a kill keeps every acknowledged write.</param>
    /// <exception cref="ServerBinaryNotFoundException">redis-server is not installed.</exception>
    /// <exception cref="ServerStartException">The server did not become ready; the message holds its log.</exception>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default, int? port = null, bool durable = false)
    {
        var executable = ServerBinaries.Locate(DebianPackage, ["redis-server"]);
        var server = new RedisServer(new TempFolder("orleans-coord-redis"), executable, durable);
        try
        {
            await server.StartProcessAsync(StartTimeout, cancellationToken, port).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private protected override TimeSpan ReadyTimeout => StartTimeout;

    private protected override (string FileName, IReadOnlyList<string> Arguments, string? UserName, int StopSignal) Command(int port) =>
        (executable,
        [
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", Folder,
            "--save", "",
            "--appendonly", durable ? "yes" : "no",
            "--appendfsync", "always",
            "--daemonize", "no",
            "--logfile", "",
        ],
        null,
        Unix.SigTerm);

    private protected override async Task<bool> ProbeAsync(int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        using var client = new TcpClient();
        await client.ConnectAsync(Host, port, timeout.Token).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
        return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
    }
}
