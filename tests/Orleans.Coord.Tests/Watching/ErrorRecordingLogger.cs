using Microsoft.Extensions.Logging;

namespace Orleans.Coord.Tests.Watching;

/// <summary>A logger that keeps the exception of every entry logged with one, at any level.</summary>
internal sealed class ErrorRecordingLogger : ILogger
{
    public List<Exception> Errors { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is not null)
        {
            Errors.Add(exception);
        }
    }
}
