using Microsoft.Extensions.Hosting;

namespace Orleans.Coord.Cli.Connection;

/// <summary>
/// A host lifetime that leaves SIGINT and SIGTERM alone: the command line's invocation owns Ctrl+C and cancels the
/// running command, which then stops its session and the client host itself.
/// </summary>
internal sealed class NoSignalLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
