using System.Diagnostics;
using Orleans.Coord.TestServers.Internal;

namespace Orleans.Coord.TestServers;

/// <summary>
/// A server process started by a fixture: listening on 127.0.0.1 at <see cref="Port"/>, keeping its files in a
/// temporary folder, and stopped by PID on <see cref="DisposeAsync"/> (signal, then a kill of the process tree
/// after 10 s) before the folder is deleted.
/// </summary>
public abstract class TestServer : IAsyncDisposable
{
    private const int MaxStartAttempts = 3;

    private readonly TempFolder folder;
    private ServerProcess? process;
    private int disposed;

    private protected TestServer(TempFolder folder)
    {
        this.folder = folder;

        // Safety net for a test host that exits without disposing its fixtures: do not leave servers running.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>Always <c>127.0.0.1</c>.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The server's process id.</summary>
    public int ProcessId => process?.Id ?? 0;

    /// <summary>The temporary folder holding the server's data, sockets and logs; deleted on dispose.</summary>
    public string Folder => folder.Path;

    /// <summary>Stops the server process in its tracks (SIGSTOP): it keeps its connections and data but answers nothing.</summary>
    /// <exception cref="InvalidOperationException">The server is not running.</exception>
    public void Pause() => SendSignal(Unix.SigStop);

    /// <summary>Lets a paused server go on (SIGCONT).</summary>
    /// <exception cref="InvalidOperationException">The server is not running.</exception>
    public void Resume() => SendSignal(Unix.SigCont);

    /// <summary>
    /// Kills the server process at once (SIGKILL by PID: no shutdown, no flush) and waits until it is gone; a crash.
    /// <see cref="DisposeAsync"/> still deletes the folder. To bring the server back, start a new one on <see cref="Port"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server is not running.</exception>
    public async Task KillAsync()
    {
        SendSignal(Unix.SigKill);
        await process!.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    /// <summary>Kills the server (SIGKILL, a crash) and starts it again on the same port with the same data; waits until it serves.</summary>
    /// <exception cref="InvalidOperationException">The server is not running.</exception>
    /// <exception cref="ServerStartException">The server did not become ready again; the message holds its log.</exception>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await KillAsync().ConfigureAwait(false);
        await StartAgainAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a killed or stopped server again on the same port with the same data (what it had made durable); waits
    /// until it serves, at most as long as a first start.
    /// </summary>
    /// <exception cref="ServerStartException">The server did not become ready again; the message holds its log.</exception>
    public Task StartAgainAsync(CancellationToken cancellationToken = default) => RestartProcessAsync(ReadyTimeout, cancellationToken);

    /// <summary>The server's captured output followed by the tail of its log file, if it writes one.</summary>
    public string GetLog()
    {
        var log = process?.Output.ToString() ?? string.Empty;
        var file = LogFilePath;
        if (file is not null && System.IO.File.Exists(file))
        {
            try
            {
                var lines = System.IO.File.ReadAllLines(file);
                log += string.Join(Environment.NewLine, lines.Skip(Math.Max(0, lines.Length - 200)));
            }
            catch (IOException)
            {
            }
        }

        return log;
    }

    /// <summary>Stops the server by PID and deletes <see cref="Folder"/>. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (process is not null)
        {
            await process.StopAsync().ConfigureAwait(false);
        }

        folder.Dispose();
        GC.SuppressFinalize(this);
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (Volatile.Read(ref disposed) == 0)
        {
            process?.KillNow();
            folder.Dispose();
        }
    }

    /// <summary>How long a start may take until the server serves.</summary>
    private protected abstract TimeSpan ReadyTimeout { get; }

    /// <summary>A log file the server writes besides stdout/stderr, or null.</summary>
    private protected virtual string? LogFilePath => null;

    /// <summary>The program and arguments that start the server on <paramref name="port"/>, and the user to run it as (null: the current user).</summary>
    private protected abstract (string FileName, IReadOnlyList<string> Arguments, string? UserName, int StopSignal) Command(int port);

    /// <summary>Returns true once the server accepts work on <paramref name="port"/>; may throw while it does not.</summary>
    private protected abstract Task<bool> ProbeAsync(int port, CancellationToken cancellationToken);

    /// <summary>
    /// Starts the server on a free port and waits (bounded by <paramref name="readyTimeout"/>) until <see cref="ProbeAsync"/>
    /// succeeds. If the process dies early because the port was taken meanwhile, retries on another port (3 attempts).
    /// With <paramref name="fixedPort"/> it starts there, once.
    /// </summary>
    private protected async Task StartProcessAsync(TimeSpan readyTimeout, CancellationToken cancellationToken, int? fixedPort = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = fixedPort ?? FreePort.Next();
            var (fileName, arguments, userName, stopSignal) = Command(port);
            process = ServerProcess.Start(fileName, arguments, folder.Path, userName, stopSignal);
            Port = port;

            var failure = await WaitUntilReadyAsync(port, readyTimeout, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                return;
            }

            var log = GetLog();
            await process.StopAsync().ConfigureAwait(false);
            process = null;
            if (fixedPort is null && attempt < MaxStartAttempts && LooksLikePortConflict(log))
            {
                continue;
            }

            throw new ServerStartException($"{GetType().Name} ({Path.GetFileName(fileName)}) did not become ready on 127.0.0.1:{port}: {failure.Message}", log, failure);
        }
    }

    /// <summary>
    /// Starts the server again on the same port and folder (its data kept) after it was killed or stopped, and waits
    /// (bounded by <paramref name="readyTimeout"/>) until <see cref="ProbeAsync"/> succeeds.
    /// </summary>
    private protected async Task RestartProcessAsync(TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        if (process is not null)
        {
            await process.StopAsync().ConfigureAwait(false);
            process = null;
        }

        await StartProcessAsync(readyTimeout, cancellationToken, Port).ConfigureAwait(false);
    }

    private async Task<Exception?> WaitUntilReadyAsync(int port, TimeSpan readyTimeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromMilliseconds(20);
        Exception? last = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process!.HasExited)
            {
                return new InvalidOperationException($"the process exited with code {process.ExitCode} during start-up", last);
            }

            try
            {
                if (await ProbeAsync(port, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                last = e;
            }

            if (clock.Elapsed >= readyTimeout)
            {
                return new TimeoutException($"not ready after {readyTimeout.TotalSeconds:0} s", last);
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, TimeSpan.FromMilliseconds(250).Ticks));
        }
    }

    private static bool LooksLikePortConflict(string log) =>
        log.Contains("Address already in use", StringComparison.OrdinalIgnoreCase)
        || log.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
        || log.Contains("Can't start server: Bind", StringComparison.OrdinalIgnoreCase);

    private void SendSignal(int signal)
    {
        if (ProcessId == 0 || !Unix.Signal(ProcessId, signal))
        {
            throw new InvalidOperationException($"The server process ({ProcessId}) is not running.");
        }
    }
}
