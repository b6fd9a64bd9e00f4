using System.Diagnostics;

namespace Orleans.Coord.Chaos;

/// <summary>A worker process the runner started: this program run with <c>worker</c>; its output goes to a file in the run's folder.</summary>
internal sealed class WorkerProcess
{
    private readonly Process _process;

    private WorkerProcess(WorkerArguments arguments, Process process)
    {
        Arguments = arguments;
        _process = process;
    }

    public WorkerArguments Arguments { get; }

    public string Id => Arguments.WorkerId;

    public bool HasExited => _process.HasExited;

    public DateTime StartedAt { get; } = DateTime.UtcNow;

    public static WorkerProcess Start(WorkerArguments arguments)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(WorkerProcess).Assembly.Location);
        foreach (var arg in arguments.ToArgs())
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var output = new StreamWriter(Path.Combine(arguments.Folder, $"{arguments.WorkerId}.out")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(output, e.Data);
        process.ErrorDataReceived += (_, e) => Write(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(arguments, process);
    }

    /// <summary>kill -9.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Waits (bounded) for the worker to exit after the stop file appeared; false if it did not.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static void Write(StreamWriter output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.WriteLine(line);
            }
        }
    }
}
