using System.CommandLine;
using Orleans.Coord.Cli.Connection;
using Orleans.Coord.Cli.Output;
using Orleans.Runtime;

namespace Orleans.Coord.Cli;

/// <summary>
/// Runs a command's body: connects, runs it, disconnects, and turns every failure into its exit code and one line on
/// stderr (<c>error: ...</c>).
/// </summary>
internal sealed class CommandRunner(GlobalOptions globals)
{
    public void SetAction(Command command, Func<Invocation, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, body, cancellationToken));

    private async Task<int> RunAsync(ParseResult parse, Func<Invocation, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var printer = new Printer(Console.Out, parse.GetValue(globals.Json));
        try
        {
            var settings = globals.Settings(parse);
            await using var connection = await ClusterConnection.OpenAsync(settings, cancellationToken);
            try
            {
                return await body(new Invocation(parse, printer, connection), cancellationToken);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                throw new CliException(ExitCodes.CannotConnect, $"the cluster at {settings.Where} stopped answering: {OneLine.Of(ex)}");
            }
        }
        catch (CliException ex)
        {
            return Fail(ex.ExitCode, ex.Message);
        }
        catch (ArgumentException ex)
        {
            return Fail(ExitCodes.Usage, OneLine.Of(ex));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C during a read: stop quietly, as the live views do.
            return ExitCodes.Success;
        }
        catch (Exception ex)
        {
            return Fail(ExitCodes.NotFound, $"{ex.GetType().Name}: {OneLine.Of(ex)}");
        }
        finally
        {
            await Console.Out.FlushAsync(CancellationToken.None);
        }
    }

    private static int Fail(int exitCode, string message)
    {
        Console.Out.Flush();
        Console.Error.WriteLine($"error: {message}");
        return exitCode;
    }
}
