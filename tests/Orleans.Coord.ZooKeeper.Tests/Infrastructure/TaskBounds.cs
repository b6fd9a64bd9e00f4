namespace Orleans.Coord.ZooKeeper.Tests.Infrastructure;

/// <summary>Awaiting a task with a bound, for the tests of the ZooKeeper client.</summary>
public static class TaskBounds
{
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
