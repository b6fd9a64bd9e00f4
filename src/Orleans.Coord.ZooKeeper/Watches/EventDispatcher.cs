using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Orleans.Coord.ZooKeeper.Watches;

/// <summary>
/// Runs watch callbacks and state-change handlers one at a time, in the order they were posted, on a single
/// background loop. Exceptions from callbacks are logged and swallowed.
/// </summary>
internal sealed class EventDispatcher
{
    private static readonly AsyncLocal<EventDispatcher?> Current = new();

    private readonly Channel<Func<Task>> _queue = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private readonly Task _loop;

    public EventDispatcher(ILogger logger)
    {
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>True when called from inside a callback run by this dispatcher.</summary>
    public bool IsOnDispatcher => ReferenceEquals(Current.Value, this);

    public void Post(Func<Task> work)
    {
        // After completion (client disposed) late work is dropped.
        _queue.Writer.TryWrite(work);
    }

    /// <summary>Stops accepting work and waits until everything posted before has run (unless called from a callback).</summary>
    public Task CompleteAsync()
    {
        _queue.Writer.TryComplete();
        return IsOnDispatcher ? Task.CompletedTask : _loop;
    }

    private async Task RunAsync()
    {
        Current.Value = this;
        await foreach (var work in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "A ZooKeeper watch or state-change callback threw; the exception was ignored.");
            }
        }
    }
}
