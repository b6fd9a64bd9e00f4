using System.Diagnostics;

namespace Orleans.Coord.TestServers;

/// <summary>Bounded polling: waits for a condition instead of sleeping for a fixed time.</summary>
public static class Poll
{
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Evaluates <paramref name="condition"/> until it returns true, waiting 20 ms after the first try and up to 250 ms between
    /// later tries. An exception thrown by the condition counts as "not yet"; the last one becomes the inner exception of the timeout.
    /// </summary>
    /// <param name="condition">The condition; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="timeout">How long to keep trying; must be positive.</param>
    /// <param name="what">Describes the awaited condition for the timeout message, e.g. "the reminder fired".</param>
    /// <param name="cancellationToken">Stops waiting with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    /// <exception cref="TimeoutException">The condition did not become true within <paramref name="timeout"/>.</exception>
    public static async Task UntilAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);

        var clock = Stopwatch.StartNew();
        var interval = FirstInterval;
        Exception? last = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await condition(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                last = e;
            }

            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.###} s waiting until {what}.", last);
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxInterval.Ticks));
        }
    }

    /// <summary>Synchronous-condition overload of <see cref="UntilAsync(Func{CancellationToken, Task{bool}}, TimeSpan, string, CancellationToken)"/>.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="timeout">How long to keep trying; must be positive.</param>
    /// <param name="what">Describes the awaited condition for the timeout message.</param>
    /// <param name="cancellationToken">Stops waiting with <see cref="OperationCanceledException"/>.</param>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(_ => Task.FromResult(condition()), timeout, what, cancellationToken);
    }
}
