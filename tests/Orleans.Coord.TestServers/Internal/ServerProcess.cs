using System.Diagnostics;

namespace Orleans.Coord.TestServers.Internal;

/// <summary>
/// A child process started directly (no shell) with captured output, optionally as another user (root only),
/// stopped by PID: first a signal for a clean shutdown, then, after a grace period, a kill of the whole process tree.
/// </summary>
internal sealed class ServerProcess
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly Process process;
    private readonly int stopSignal;

    private ServerProcess(Process process, OutputLog output, int stopSignal)
    {
        this.process = process;
        Output = output;
        this.stopSignal = stopSignal;
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The exit code; only meaningful once <see cref="HasExited"/> is true.</summary>
    public int ExitCode => process.ExitCode;

    public OutputLog Output { get; }

    /// <summary>Waits until the process has exited (and its output is read).</summary>
    public Task WaitForExitAsync() => process.WaitForExitAsync();

    /// <summary>Starts <paramref name="fileName"/> and returns at once.</summary>
    public static ServerProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, string? userName, int stopSignal)
    {
        var output = new OutputLog();
        var process = CreateProcess(fileName, arguments, workingDirectory, userName, output);
        try
        {
            process.Start();
        }
        catch (Exception e)
        {
            process.Dispose();
            throw new ServerStartException($"Could not start '{fileName}'.", output.ToString(), e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, output, stopSignal);
    }

    /// <summary>Runs a setup tool (initdb, mariadb-install-db) to completion within <paramref name="timeout"/>.</summary>
    /// <exception cref="ServerStartException">The tool failed, timed out, or could not be started; the message holds its output.</exception>
    public static async Task RunToCompletionAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, string? userName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Start(fileName, arguments, workingDirectory, userName, Unix.SigTerm);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await started.process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            await started.StopAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ServerStartException($"'{Path.GetFileName(fileName)}' did not finish within {timeout.TotalSeconds:0} s.", started.Output.ToString(), e);
        }

        var exitCode = started.process.ExitCode;
        started.process.Dispose();
        if (exitCode != 0)
        {
            throw new ServerStartException($"'{Path.GetFileName(fileName)}' exited with code {exitCode}.", started.Output.ToString());
        }
    }

    /// <summary>
    /// Asks the process to stop with its stop signal, waits up to 10 s, then kills the process tree. Safe to call twice.
    /// </summary>
    public async Task StopAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                Unix.Signal(process.Id, stopSignal);
                using var grace = new CancellationTokenSource(StopGrace);
                try
                {
                    await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited and reaped.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Kills the process tree at once, without waiting (for process-exit handlers). Never throws.</summary>
    public void KillNow()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
        }
    }

    private static Process CreateProcess(string fileName, IEnumerable<string> arguments, string workingDirectory, string? userName, OutputLog output)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (userName is not null)
        {
            info.UserName = userName;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        output.Attach(process);
        return process;
    }
}
