using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Orleans.Coord.TestServers.Internal;

namespace Orleans.Coord.TestServers;

/// <summary>
/// A real <c>redis-server</c> (Debian package <c>redis-server</c>) on a free loopback port, its working directory in a
/// temporary folder: without persistence (<c>--save ""</c>, <c>--appendonly no</c>), or durable
/// (<see cref="RedisServerOptions.Durable"/>); with <see cref="RedisServerOptions"/> it may also take TLS connections
/// only and/or ask for a user and password.
/// </summary>
public sealed class RedisServer : TestServer
{
    /// <summary>The Debian package that provides the server binary.</summary>
    public const string DebianPackage = "redis-server";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly string executable;
    private readonly RedisServerOptions options;

    private RedisServer(TempFolder folder, string executable, RedisServerOptions options)
        : base(folder)
    {
        this.executable = executable;
        this.options = options;
    }

    /// <summary>A StackExchange.Redis configuration string, <c>127.0.0.1:port</c>.</summary>
    public string ConnectionString => $"{Host}:{Port}";

    /// <summary>
    /// The server as an Orleans.Coord backend URL: <c>redis://127.0.0.1:port</c>, or for a server of
    /// <see cref="RedisServerOptions"/> <c>rediss://user:password@127.0.0.1:port?sslCaFile=...</c> as it needs.
    /// </summary>
    public string Url => UrlWith(options.User, options.Password);

    /// <summary>The backend URL of this server with another user and password (null: none).</summary>
    public string UrlWith(string? user, string? password)
    {
        var scheme = options.Tls is null ? "redis" : "rediss";
        var userInfo = password is null ? "" : $"{Uri.EscapeDataString(user ?? "")}:{Uri.EscapeDataString(password)}@";
        var query = options.Tls is null ? "" : $"?sslCaFile={Uri.EscapeDataString(options.Tls.CaPath)}";
        return $"{scheme}://{userInfo}{Host}:{Port}{query}";
    }

    /// <summary>Starts a server and waits until it answers PING (at most 20 s).</summary>
    /// <param name="cancellationToken">Cancels the start; the process is then stopped and its folder deleted.</param>
    /// <param name="port">A port to listen on (for a client that was told the address before the server existed); null: a free one.</param>
    /// <exception cref="ServerBinaryNotFoundException">redis-server is not installed.</exception>
    /// <exception cref="ServerStartException">The server did not become ready; the message holds its log.</exception>
    /// <param name="options">TLS and authentication; null: neither.</param>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default, int? port = null, RedisServerOptions? options = null)
    {
        var executable = ServerBinaries.Locate(DebianPackage, ["redis-server"]);
        var server = new RedisServer(new TempFolder("orleans-coord-redis"), executable, options ?? new RedisServerOptions());
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

    private protected override (string FileName, IReadOnlyList<string> Arguments, string? UserName, int StopSignal) Command(int port)
    {
        var portText = port.ToString(CultureInfo.InvariantCulture);
        List<string> arguments = options.Tls is { } tls
            ? ["--port", "0", "--tls-port", portText, "--tls-cert-file", tls.SiloCertificatePath, "--tls-key-file", tls.SiloKeyPath,
                "--tls-ca-cert-file", tls.CaPath, "--tls-auth-clients", "no"]
            : ["--port", portText];
        arguments.AddRange(["--bind", "127.0.0.1", "--dir", Folder, "--save", "", "--appendonly", options.Durable ? "yes" : "no",
            "--appendfsync", "always", "--daemonize", "no", "--logfile", ""]);
        if (options.Password is { } password)
        {
            arguments.AddRange(options.User is { } user ? ["--user", "default", "off", "--user", user, "on", $">{password}", "~*", "&*", "+@all"] : ["--requirepass", password]);
        }

        return (executable, arguments, null, Unix.SigTerm);
    }

    private protected override async Task<bool> ProbeAsync(int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        using var client = new TcpClient();
        await client.ConnectAsync(Host, port, timeout.Token).ConfigureAwait(false);
        Stream stream = client.GetStream();
        if (options.Tls is not null)
        {
            // Readiness only: the certificate is the one this fixture gave the server.
            var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = Host }, timeout.Token).ConfigureAwait(false);
            stream = tls;
        }

        await using (stream.ConfigureAwait(false))
        {
            // A server that wants a password answers NOAUTH: it is up.
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            var reply = Encoding.ASCII.GetString(buffer, 0, read);
            return reply.StartsWith("+PONG", StringComparison.Ordinal) || reply.StartsWith("-NOAUTH", StringComparison.Ordinal);
        }
    }
}
