using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Orleans.Coord.TestServers;

/// <summary>
/// One real ZooKeeper server (Debian package 'zookeeper': /usr/bin/java running
/// /usr/share/java/zookeeper.jar, whose manifest class path names its dependency jars) in a temporary folder,
/// listening on a loopback client port. Standalone (ZooKeeperServerMain) or one member of an ensemble
/// (QuorumPeerMain). Stopped by PID (SIGKILL); can be restarted on the same port with the same data. A standalone
/// server may also listen for TLS on <see cref="SecureClientPort"/> (Netty connection factory, PKCS12 key store made
/// from the test certificates' silo certificate, no client certificate asked for); the plain client port stays open
/// for the readiness check.
/// </summary>
public sealed class ZooKeeperServerProcess : IAsyncDisposable
{
    public const string JavaPath = "/usr/bin/java";
    public const string ZooKeeperJar = "/usr/share/java/zookeeper.jar";
    private const string Slf4jSimpleJar = "/usr/share/java/slf4j-simple.jar";
    private static readonly string[] NettyExtraJars = ["/usr/share/java/netty-codec.jar", "/usr/share/java/netty-resolver.jar"];

    private readonly string _mainClass;
    private readonly string _configPath;
    private Process? _process;

    private ZooKeeperServerProcess(string directory, int clientPort, string mainClass, string configPath, int? secureClientPort = null)
    {
        Directory = directory;
        ClientPort = clientPort;
        SecureClientPort = secureClientPort;
        _mainClass = mainClass;
        _configPath = configPath;
    }

    public string Directory { get; }

    public int ClientPort { get; }

    public string Address => $"127.0.0.1:{ClientPort}";

    /// <summary>The TLS-only client port, when the server was created with certificates.</summary>
    public int? SecureClientPort { get; }

    /// <summary>The address of the TLS-only client port.</summary>
    public string SecureAddress => SecureClientPort is { } port ? $"127.0.0.1:{port}" : throw new InvalidOperationException("This ZooKeeper server has no secure client port.");

    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    public string LogPath => Path.Combine(Directory, "server.log");

    /// <summary>
    /// Creates the folder and configuration of a standalone server (not started); with <paramref name="tls"/> it also
    /// listens for TLS on a secure client port, presenting the silo certificate of <paramref name="tls"/>.
    /// </summary>
    public static ZooKeeperServerProcess CreateStandalone(TestCertificates? tls = null)
    {
        var dir = CreateDirectory();
        var config = Path.Combine(dir, "zoo.cfg");
        if (tls is null)
        {
            var port = FreePort.Next();
            System.IO.File.WriteAllText(config, CommonConfig(dir, port));
            return new ZooKeeperServerProcess(dir, port, "org.apache.zookeeper.server.ZooKeeperServerMain", config);
        }

        var ports = FreePort.Many(2);
        System.IO.File.WriteAllText(config, CommonConfig(dir, ports[0]) + SecureConfig(dir, ports[1], tls));
        return new ZooKeeperServerProcess(dir, ports[0], "org.apache.zookeeper.server.ZooKeeperServerMain", config, ports[1]);
    }

    /// <summary>Creates the folders and configurations of an ensemble's members (not started).</summary>
    public static IReadOnlyList<ZooKeeperServerProcess> CreateEnsemble(int size)
    {
        var ports = FreePort.Many(size * 3);
        var members = Enumerable.Range(1, size)
            .Select(id => (Id: id, Dir: CreateDirectory(), Client: ports[(id - 1) * 3], Quorum: ports[(id - 1) * 3 + 1], Election: ports[(id - 1) * 3 + 2]))
            .ToList();
        var serverLines = string.Join('\n', members.Select(m => $"server.{m.Id}=127.0.0.1:{m.Quorum}:{m.Election}"));
        var result = new List<ZooKeeperServerProcess>();
        foreach (var m in members)
        {
            var config = Path.Combine(m.Dir, "zoo.cfg");
            System.IO.File.WriteAllText(config, CommonConfig(m.Dir, m.Client) + "initLimit=10\nsyncLimit=4\n" + serverLines + "\n");
            System.IO.File.WriteAllText(Path.Combine(m.Dir, "data", "myid"), m.Id.ToString());
            result.Add(new ZooKeeperServerProcess(m.Dir, m.Client, "org.apache.zookeeper.server.quorum.QuorumPeerMain", config));
        }

        return result;
    }

    /// <summary>Fails with the Debian package to install when the server binaries are missing.</summary>
    public static void EnsureInstalled()
    {
        foreach (var file in new[] { JavaPath, ZooKeeperJar })
        {
            if (!System.IO.File.Exists(file))
            {
                throw new InvalidOperationException(
                    $"'{file}' is missing: the ZooKeeper tests need the Debian package 'zookeeper' (apt-get install -y zookeeper), which brings Java and the server jars.");
            }
        }
    }

    /// <summary>Starts the java process (does not wait for readiness).</summary>
    public void Start()
    {
        EnsureInstalled();
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException($"The ZooKeeper server on port {ClientPort} is already running.");
        }

        // The Netty connection factory of the secure port needs netty-codec (and netty-resolver), which the Debian
        // zookeeper.jar's manifest class path leaves out.
        var jars = new[] { Slf4jSimpleJar }
            .Concat(SecureClientPort is null ? [] : NettyExtraJars)
            .Where(System.IO.File.Exists)
            .Prepend(ZooKeeperJar);
        var classPath = string.Join(':', jars);
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
        };

        // exec: the shell is replaced by java, so the PID we hold is the server's own.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$LOGFILE\" 2>&1");
        start.ArgumentList.Add(JavaPath);
        foreach (var arg in new[]
        {
            "-Xmx160m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
            "-Djava.net.preferIPv4Stack=true", "-Dzookeeper.admin.enableServer=false",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-cp", classPath, _mainClass, _configPath,
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["LOGFILE"] = LogPath;
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start java.");
    }

    /// <summary>Waits until the server answers the 'srvr' command with a serving mode.</summary>
    public async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"ZooKeeper server on port {ClientPort} exited. Log tail:\n{LogTail()}");
            }

            var status = await FourLetterWordAsync("srvr");
            if (status is not null && status.Contains("Mode: ", StringComparison.Ordinal))
            {
                return;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"ZooKeeper server on port {ClientPort} was not serving after {timeout.TotalSeconds} s. Log tail:\n{LogTail()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Sends a four-letter command; returns null when the server does not answer.</summary>
    public async Task<string?> FourLetterWordAsync(string command)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", ClientPort, cts.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command), cts.Token);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            return await reader.ReadToEndAsync(cts.Token);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Kills the server by PID (SIGKILL) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(cts.Token);
        process.Dispose();
        _process = null;
    }

    public string LogTail(int lines = 40)
    {
        try
        {
            return string.Join('\n', System.IO.File.ReadAllLines(LogPath).TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string CreateDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "zk-test-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Path.Combine(dir, "data"));
        return dir;
    }

    /// <summary>The secure client port's settings; writes the server's PKCS12 key store next to the configuration.</summary>
    private static string SecureConfig(string dir, int securePort, TestCertificates tls)
    {
        const string password = "zk-keystore-pass";
        using var silo = X509Certificate2.CreateFromPemFile(tls.SiloCertificatePath, tls.SiloKeyPath);
        var keyStore = Path.Combine(dir, "server.p12");
        System.IO.File.WriteAllBytes(keyStore, silo.Export(X509ContentType.Pkcs12, password));
        return $"""
            secureClientPort={securePort}
            secureClientPortAddress=127.0.0.1
            serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory
            ssl.keyStore.location={keyStore}
            ssl.keyStore.password={password}
            ssl.keyStore.type=PKCS12
            ssl.clientAuth=none

            """;
    }

    private static string CommonConfig(string dir, int clientPort) =>
        $"""
        tickTime=500
        dataDir={Path.Combine(dir, "data")}
        clientPort={clientPort}
        clientPortAddress=127.0.0.1
        minSessionTimeout=1000
        maxSessionTimeout=30000
        maxClientCnxns=0
        admin.enableServer=false
        4lw.commands.whitelist=srvr,ruok,cons,stat
        preAllocSize=1024
        snapCount=100000

        """;
}
