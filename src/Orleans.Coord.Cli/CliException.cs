namespace Orleans.Coord.Cli;

/// <summary>Ends a command with <see cref="ExitCode"/> and the one-line <see cref="Exception.Message"/> on stderr.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException NotFound(string message) => new(ExitCodes.NotFound, message);

    public static CliException Refused(string message) => new(ExitCodes.Refused, message);
}
