using System.Diagnostics;

namespace Orleans.Coord.Tests.Cli;

/// <summary>A running live view of <c>coord</c> (<c>watch</c>, <c>observe</c>): its lines so far, and Ctrl+C.</summary>
public sealed class LiveTool : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly List<string> _error = [];

    public LiveTool(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Add(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Add(_error, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> OutputLines => Snapshot(_output);

    public IReadOnlyList<string> ErrorLines => Snapshot(_error);

    public bool HasExited => _process.HasExited;

    public string Describe() => $"stdout:\n{string.Join('\n', OutputLines)}\nstderr:\n{string.Join('\n', ErrorLines)}";

    /// <summary>Waits until stderr says the view is subscribed (its "watching ..." or "observing ..." line).</summary>
    public Task WaitUntilReadyAsync() =>
        Poll.UntilAsync(
            () =>
            {
                Assert.False(_process.HasExited, $"coord exited early:\n{Describe()}");
                return ErrorLines.Any(l => l.StartsWith("watching ", StringComparison.Ordinal) || l.StartsWith("observing ", StringComparison.Ordinal));
            },
            TimeSpan.FromSeconds(30),
            () => $"the live view is subscribed:\n{Describe()}");

    /// <summary>Sends SIGINT, as Ctrl+C does, and returns the exit code.</summary>
    public async Task<int> InterruptAsync()
    {
        using (var kill = Process.Start("kill", ["-INT", $"{_process.Id}"]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Add(List<string> lines, string? line)
    {
        if (line is not null)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }

    private static IReadOnlyList<string> Snapshot(List<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }
}
