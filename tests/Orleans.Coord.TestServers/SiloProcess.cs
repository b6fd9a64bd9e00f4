using System.Diagnostics;
using System.Text;
using Orleans.Coord.TestServers.Internal;

namespace Orleans.Coord.TestServers;

/// <summary>
/// One real silo process: the project's own <c>silo</c> program (its build output next to this test build), started
/// with a backend URL and fixed loopback ports, killed with SIGKILL (<see cref="Process.Kill(bool)"/>) to simulate a crash.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private SiloProcess(Process process, int siloPort, int gatewayPort, int? grpcPort)
    {
        _process = process;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        GrpcPort = grpcPort;
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>The port of the silo's gRPC API, or null when the silo was started without it.</summary>
    public int? GrpcPort { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The CPU time (user and system) the process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts a silo of cluster <paramref name="clusterId"/> on a durable backend; with <paramref name="grpcPort"/>, its gRPC API listens there.</summary>
    public static SiloProcess Start(string backendUrl, string clusterId, int siloPort, int gatewayPort, int? grpcPort = null) =>
        Start(["--backend", backendUrl, "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--address", "127.0.0.1", "--cluster-id", clusterId,
            .. grpcPort is { } port ? new[] { "--grpc-port", $"{port}" } : []], siloPort, gatewayPort);

    /// <summary>
    /// Starts the silo program with <paramref name="args"/> (and <paramref name="environment"/> added to its environment).
    /// Unless the arguments set the HTTP port (<c>--http-port</c> or <c>--Silo:HttpPort</c>), <c>--http-port 0</c> is
    /// added, and unless they set the gRPC port (<c>--grpc-port</c> or <c>--Silo:GrpcPort</c>), <c>--grpc-port 0</c>: many
    /// silos run at once and must not all take the default ports 8080 and 50051.
    /// </summary>
    public static SiloProcess Start(IEnumerable<string> args, int siloPort, int gatewayPort, IReadOnlyDictionary<string, string>? environment = null) =>
        Start(SiloDll(), args, siloPort, gatewayPort, environment, user: null);

    /// <summary>
    /// Starts another silo program, the .NET program <paramref name="programDll"/>, as
    /// <see cref="Start(IEnumerable{string}, int, int, IReadOnlyDictionary{string, string}?)"/> starts the silo program
    /// (the same arguments added); the benchmark's idle floor, a silo without Orleans.Coord, is one.
    /// </summary>
    public static SiloProcess StartProgram(string programDll, IEnumerable<string> args, int siloPort, int gatewayPort) =>
        Start(programDll, args, siloPort, gatewayPort, environment: null, user: null);

    /// <summary>
    /// Starts the silo program as <see cref="Start(IEnumerable{string}, int, int, IReadOnlyDictionary{string, string}?)"/>
    /// does, but without root's privileges, so that file permissions apply to it: as root, as the user <c>nobody</c>
    /// (through <c>setpriv</c>); otherwise as the current user.
    /// </summary>
    public static SiloProcess StartUnprivileged(IEnumerable<string> args, int siloPort, int gatewayPort) =>
        Start(SiloDll(), args, siloPort, gatewayPort, environment: null, user: Unix.IsRoot
            ? Unix.FindUser("nobody") ?? throw new InvalidOperationException("Running as root, and there is no user 'nobody' to run the silo as.")
            : null);

    private static SiloProcess Start(string programDll, IEnumerable<string> args, int siloPort, int gatewayPort, IReadOnlyDictionary<string, string>? environment, UnixUser? user)
    {
        var arguments = args.ToList();
        if (!arguments.Any(a => a.Split('=', 2)[0] is "--http-port" or "--Silo:HttpPort"))
        {
            arguments.AddRange(["--http-port", "0"]);
        }

        int? grpcPort = null;
        var grpcFlag = arguments.FindIndex(a => a.Split('=', 2)[0] is "--grpc-port" or "--Silo:GrpcPort");
        if (grpcFlag < 0)
        {
            arguments.AddRange(["--grpc-port", "0"]);
        }
        else
        {
            var value = arguments[grpcFlag].Contains('=') ? arguments[grpcFlag].Split('=', 2)[1] : arguments[grpcFlag + 1];
            grpcPort = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) is var port and > 0 ? port : null;
        }

        var start = new ProcessStartInfo(user is null ? "dotnet" : "setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (user is not null)
        {
            foreach (var arg in new[] { $"--reuid={user.Uid}", $"--regid={user.Gid}", "--clear-groups", "--", "dotnet" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        start.ArgumentList.Add(programDll);
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var silo = new SiloProcess(process, siloPort, gatewayPort, grpcPort);
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits (bounded) for the program to exit by itself and returns its exit code.</summary>
    /// <exception cref="TimeoutException">It was still running after <paramref name="timeout"/>.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>
    /// SIGSTOP: the process stops in its tracks (as in a long GC pause or a stalled VM) and keeps its sockets and memory;
    /// <see cref="Resume"/> lets it go on.
    /// </summary>
    /// <exception cref="InvalidOperationException">The process is not running.</exception>
    public void Pause() => SendSignal(Unix.SigStop);

    /// <summary>SIGCONT: a paused process goes on from where it stopped.</summary>
    /// <exception cref="InvalidOperationException">The process is not running.</exception>
    public void Resume() => SendSignal(Unix.SigCont);

    /// <summary>kill -9: the process gets no chance to leave the cluster or deactivate anything.</summary>
    public void Crash()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Crash();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private void SendSignal(int signal)
    {
        if (_process.HasExited || !Unix.Signal(_process.Id, signal))
        {
            throw new InvalidOperationException($"The silo process on port {SiloPort} is not running.");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    /// <summary>The silo program built by the same build as this test assembly (…/silo/bin/&lt;Configuration&gt;/net10.0).</summary>
    private static string SiloDll() => BuildOutput.Dll("silo", "Orleans.Coord.Silo.dll");
}
