using System.Collections.Concurrent;

namespace Orleans.Coord.Tests.Infrastructure;

/// <summary>Runs an async sequence in the background and records what it yields, for assertions with bounded waits.</summary>
public sealed class EventCollector<T> : IAsyncDisposable
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _pump;

    public EventCollector(Func<CancellationToken, IAsyncEnumerable<T>> source)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in source(_cts.Token))
                {
                    _items.Enqueue(item);
                }
            }
            catch (OperationCanceledException) when (_cts.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                Error = ex;
            }
        });
    }

    public Exception? Error { get; private set; }

    public IReadOnlyList<T> Items => _items.ToArray();

    public Task WaitForAsync(Func<IReadOnlyList<T>, bool> condition, string what, TimeSpan? timeout = null) =>
        Poll.UntilAsync(() =>
        {
            if (Error is not null)
            {
                throw new InvalidOperationException("The watched sequence failed.", Error);
            }

            return condition(Items);
        }, timeout ?? TimeSpan.FromSeconds(15), what);

    public async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        await _pump;
        _cts.Dispose();
    }
}
