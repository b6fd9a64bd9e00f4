using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Orleans.Coord.Client.Telemetry;
using Orleans.Coord.Internal;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace Orleans.Coord.Client.Internal;

/// <summary>
/// Carries the client's grain calls through a changing cluster. Every call is retried when it met a stale activation
/// (docs/design.md, rule 2: the stale copy applied nothing and deactivated itself), up to
/// <see cref="CoordinatorOptions.StaleActivationRetries"/> times. A call that is safe to send twice (it carries its
/// request id or fencing token, or only reads, so the grain answers a repeat with the first outcome) is also sent again
/// when its message was lost or rejected: Orleans never answers a request that a gateway forwarded to a silo which then
/// crashed, and would wait out its 30 s response timeout while the lock or leadership stays with a caller that thinks
/// it let go. Such a call is sent again when <see cref="CoordinatorOptions.CallTimeout"/> passes without an answer or
/// when a silo or gateway rejects it, or when the backend did not confirm its write
/// (<see cref="CoordinationUnavailableException"/>), for one <see cref="CoordinatorOptions.SessionTtl"/>; a call of a
/// session whose copies are lost or rejected (not refused by the backend) is sent again beyond it while the session stays
/// alive, up to <see cref="LongestWindow"/>: the cluster may take longer than a TTL to declare a killed silo dead, and
/// until then copies reach nobody, while the session itself lives on.
/// Pauses grow between copies; earlier copies keep running, and the first answer from any copy is the result.
/// </summary>
internal static class GrainCallRetry
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a call of a live session is sent again at most: Orleans' own response timeout.</summary>
    internal static readonly TimeSpan LongestWindow = TimeSpan.FromSeconds(30);

    /// <summary>Runs a call of <paramref name="session"/> that must not be sent twice (see <see cref="RunAsync{T}(Func{Task{T}}, CoordinatorOptions, CancellationToken, Telemetry.ClientInstruments)"/>).</summary>
    public static Task<T> RunAsync<T>(Func<Task<T>> call, SessionContext session, CancellationToken cancellationToken) =>
        RunAsync(call, session.Options, cancellationToken, session.Instruments);

    /// <inheritdoc cref="RunAsync{T}(Func{Task{T}}, SessionContext, CancellationToken)"/>
    public static Task RunAsync(Func<Task> call, SessionContext session, CancellationToken cancellationToken) =>
        RunAsync(() => AsResult(call), session.Options, cancellationToken, session.Instruments);

    /// <summary>Runs a call of <paramref name="session"/> that is safe to send twice (see <see cref="RunRepeatableAsync{T}(Func{Task{T}}, CoordinatorOptions, CancellationToken, Telemetry.ClientInstruments, Func{bool})"/>).</summary>
    public static Task<T> RunRepeatableAsync<T>(Func<Task<T>> call, SessionContext session, CancellationToken cancellationToken) =>
        RunRepeatableAsync(call, session.Options, cancellationToken, session.Instruments, () => !session.Closed);

    /// <inheritdoc cref="RunRepeatableAsync{T}(Func{Task{T}}, SessionContext, CancellationToken)"/>
    public static Task RunRepeatableAsync(Func<Task> call, SessionContext session, CancellationToken cancellationToken) =>
        RunRepeatableAsync(() => AsResult(call), session, cancellationToken);

    /// <summary>
    /// Runs a call that must not be sent twice: only a stale activation, which applied nothing, is retried. Each call
    /// sent again is counted on <paramref name="instruments"/>.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, CoordinatorOptions options, CancellationToken cancellationToken, ClientInstruments? instruments = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await call().WaitAsync(cancellationToken);
            }
            catch (InconsistentStateException) when (attempt < options.StaleActivationRetries)
            {
                // Try again: the next call activates a fresh copy of the grain.
                instruments?.Resent(ResendReasons.StaleActivation);
            }
            catch (OrleansException ex) when (Typed(ex) is CoordinationUnavailableException unavailable)
            {
                ExceptionDispatchInfo.Throw(unavailable);
            }
        }
    }

    /// <inheritdoc cref="RunAsync{T}(Func{Task{T}}, CoordinatorOptions, CancellationToken, Telemetry.ClientInstruments)"/>
    public static Task RunAsync(Func<Task> call, CoordinatorOptions options, CancellationToken cancellationToken) =>
        RunAsync(() => AsResult(call), options, cancellationToken);

    /// <summary>
    /// Runs a call that is safe to send twice, sending it again while it is lost or rejected (see the class summary).
    /// Cancellation throws <see cref="OperationCanceledException"/>; when the retry window ends, the last failure is thrown.
    /// For a call of a session, <c>sessionAlive</c> says whether the session still lives (which keeps the window open past
    /// one TTL while copies are lost).
    /// </summary>
    public static async Task<T> RunRepeatableAsync<T>(Func<Task<T>> call, CoordinatorOptions options, CancellationToken cancellationToken, ClientInstruments? instruments = null, Func<bool>? sessionAlive = null)
    {
        var started = Stopwatch.GetTimestamp();
        var backendDown = false;
        bool InWindow()
        {
            // Past one TTL only while copies are lost with a silo (not while the backend refuses writes) and the session lives.
            var elapsed = Stopwatch.GetElapsedTime(started);
            return elapsed < options.SessionTtl || !backendDown && elapsed < LongestWindow && sessionAlive?.Invoke() == true;
        }

        var pending = new List<Task<T>>();
        var stale = 0;
        var pauses = new Backoff(FirstPause, LongestPause);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                pending.Add(call());
                while (true)
                {
                    // Wait for the first answer of any copy; past CallTimeout without one, send another copy.
                    var mayResend = InWindow();
                    Task first = pending.Count == 1 ? pending[0] : Task.WhenAny(pending);
                    await (mayResend ? first.WaitAsync(options.CallTimeout, cancellationToken) : first.WaitAsync(cancellationToken))
                        .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
                    cancellationToken.ThrowIfCancellationRequested();
                    var finished = pending.Find(t => t.IsCompleted);
                    if (finished is null)
                    {
                        instruments?.Resent(ResendReasons.Timeout);
                        break;
                    }

                    pending.Remove(finished);
                    if (finished.IsCompletedSuccessfully)
                    {
                        return finished.Result;
                    }

                    var error = Typed(finished.Exception?.InnerException ?? new TaskCanceledException(finished));
                    if (error is InconsistentStateException && stale++ < options.StaleActivationRetries)
                    {
                        instruments?.Resent(ResendReasons.StaleActivation);
                        break;
                    }

                    var unavailable = error is CoordinationUnavailableException;
                    backendDown = unavailable;
                    if (!(unavailable || IsLostOrRejected(error)) || pending.Count == 0 && !InWindow())
                    {
                        // The grain's own answer, or the last copy failed after the window: that is the result.
                        ExceptionDispatchInfo.Throw(error);
                    }

                    if (InWindow())
                    {
                        await Task.Delay(pauses.Next(), cancellationToken);
                        instruments?.Resent(unavailable ? ResendReasons.Unavailable : ResendReasons.Rejected);
                        break;
                    }

                    // Past the window, other copies are still in flight: wait for them.
                }
            }
        }
        finally
        {
            foreach (var abandoned in pending)
            {
                // Copies still in flight answer nobody; observe their failures so that none goes unobserved.
                _ = abandoned.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
    }

    /// <inheritdoc cref="RunRepeatableAsync{T}(Func{Task{T}}, CoordinatorOptions, CancellationToken, Telemetry.ClientInstruments, Func{bool})"/>
    public static Task RunRepeatableAsync(Func<Task> call, CoordinatorOptions options, CancellationToken cancellationToken) =>
        RunRepeatableAsync(() => AsResult(call), options, cancellationToken);

    /// <summary>
    /// Failures after which the call may not have reached the grain, or its answer may not have come back: no answer in
    /// time, a message a silo rejected or could not deliver, a gateway that is gone or too busy.
    /// </summary>
    public static bool IsLostOrRejected(Exception error) =>
        error is TimeoutException or OrleansMessageRejectionException or SiloUnavailableException or GatewayTooBusyException or ConnectionFailedException;

    /// <summary>
    /// The error as the caller should see it: a grain that could not read its state fails to activate, and Orleans wraps
    /// the storage's <see cref="CoordinationUnavailableException"/> in its own exception; that is unwrapped.
    /// </summary>
    public static Exception Typed(Exception error) =>
        error is OrleansException { InnerException: CoordinationUnavailableException unavailable } ? unavailable : error;

    private static async Task<bool> AsResult(Func<Task> call)
    {
        await call();
        return true;
    }
}
