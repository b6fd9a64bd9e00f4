using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Orleans.Coord.ZooKeeper.Tests.Infrastructure;

/// <summary>Writes the client's log to the test output, so a failing run shows the connection history.</summary>
public sealed class TestOutputLogger(ITestOutputHelper output) : ILogger
{
    private readonly DateTime _start = DateTime.UtcNow;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{(DateTime.UtcNow - _start).TotalMilliseconds,8:0} ms {logLevel}: {formatter(state, exception)}{(exception is null ? string.Empty : " — " + exception.Message)}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished.
        }
    }
}
