using System.Diagnostics;

namespace Orleans.Coord.ZooKeeper.Tests.Infrastructure;

/// <summary>Bounded polling for conditions that become true asynchronously.</summary>
public static class TestWait
{
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string description) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, description);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string description)
    {
        var watch = Stopwatch.StartNew();
        var delay = 10;
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting until {description}.");
            }

            await Task.Delay(delay);
            delay = Math.Min(delay * 2, 100);
        }
    }

    /// <summary>Awaits a task, failing the test if it does not complete within the timeout.</summary>
    public static async Task<T> WithTimeout<T>(this Task<T> task, TimeSpan timeout, string description)
    {
        try
        {
            return await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {description}.");
        }
    }
}
