namespace Orleans.Coord.Tests.Cli;

/// <summary>How a run of <c>coord</c> ended: its exit code, stdout and stderr.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>stderr's lines, without empty ones.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
