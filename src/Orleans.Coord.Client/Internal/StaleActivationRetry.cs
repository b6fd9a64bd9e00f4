using Orleans.Storage;

namespace Orleans.Coord.Internal;

/// <summary>
/// Retries a grain call that failed because it met a stale activation (DESIGN rule 2): the stale activation did not
/// apply the change and deactivated itself, so the retry reaches the current one.
/// </summary>
internal static class StaleActivationRetry
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, int retries, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await call().WaitAsync(cancellationToken);
            }
            catch (InconsistentStateException) when (attempt < retries)
            {
                // Try again: the next call activates a fresh copy of the grain.
            }
        }
    }

    public static Task RunAsync(Func<Task> call, int retries, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            await call();
            return true;
        }, retries, cancellationToken);
}
