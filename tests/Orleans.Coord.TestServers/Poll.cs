using System.Diagnostics;

namespace Orleans.Coord.TestServers;

/// <summary>
/// Bounded polling for a condition, the one way every test and fixture here waits for something to become true
/// instead of sleeping for a fixed time. The condition is checked at once, then after 10 ms, backing off to every 100 ms.
/// An exception thrown by the condition (a failed assertion included) ends the wait with that exception, unless the
/// caller asks for errors to count as "not yet" (a server or silo that is still starting); then the last one becomes
/// the timeout's inner exception. The timeout's message says what was awaited (and, with a describing function, what
/// was seen).
/// </summary>
public static class Poll
{
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <paramref name="condition"/> until it returns true.</summary>
    /// <param name="condition">The condition; it receives <paramref name="cancellationToken"/>.</param>
    /// <param name="timeout">How long to keep trying; must be positive.</param>
    /// <param name="describe">Says what was awaited (and what was seen), read when the time is up.</param>
    /// <param name="retryOnError">Count an exception of the condition as "not yet" instead of ending the wait with it.</param>
    /// <param name="cancellationToken">Stops waiting with <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive.</exception>
    /// <exception cref="TimeoutException">The condition did not become true within <paramref name="timeout"/>.</exception>
    public static async Task UntilAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, Func<string> describe, bool retryOnError = false, CancellationToken cancellationToken = default)
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
            catch (Exception e) when (retryOnError && (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
            {
                last = e;
            }

            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.###} s waiting until {describe()}.", last);
            }

            await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxInterval.Ticks));
        }
    }

    /// <inheritdoc cref="UntilAsync(Func{CancellationToken, Task{bool}}, TimeSpan, Func{string}, bool, CancellationToken)"/>
    public static Task UntilAsync(Func<CancellationToken, Task<bool>> condition, TimeSpan timeout, string what, bool retryOnError = false, CancellationToken cancellationToken = default) =>
        UntilAsync(condition, timeout, () => what, retryOnError, cancellationToken);

    /// <inheritdoc cref="UntilAsync(Func{CancellationToken, Task{bool}}, TimeSpan, Func{string}, bool, CancellationToken)"/>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        UntilAsync(_ => condition(), timeout, () => what);

    /// <inheritdoc cref="UntilAsync(Func{CancellationToken, Task{bool}}, TimeSpan, Func{string}, bool, CancellationToken)"/>
    public static Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe) =>
        UntilAsync(_ => condition(), timeout, describe);

    /// <inheritdoc cref="UntilAsync(Func{CancellationToken, Task{bool}}, TimeSpan, Func{string}, bool, CancellationToken)"/>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        UntilAsync(_ => Task.FromResult(condition()), timeout, () => what);

    /// <inheritdoc cref="UntilAsync(Func{CancellationToken, Task{bool}}, TimeSpan, Func{string}, bool, CancellationToken)"/>
    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe) =>
        UntilAsync(_ => Task.FromResult(condition()), timeout, describe);
}
