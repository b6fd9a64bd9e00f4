using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Coord.Health;

/// <summary>
/// The one shape of every backend's health check: one real round trip to the backend's server, bounded by a timeout.
/// Healthy with what the server answered (<c>redis at 127.0.0.1:6379 answered PING</c>); unhealthy with
/// <c>cannot reach {where}: {cause}</c>, the cause being <c>no answer within 3 s</c> when the timeout passed, or what
/// the backend's own description of the failure says. The caller's cancellation is not a failure: it is thrown.
/// Compiled into each backend package.
/// </summary>
/// <param name="where">The backend in words, without secrets (<c>redis at 127.0.0.1:6379</c>).</param>
/// <param name="timeout">The bound on one check (see <see cref="CheckTimeout"/>).</param>
/// <param name="unanswered">What the check did not get in time (<c>answer</c>; ZooKeeper: <c>session</c>).</param>
internal sealed class BackendRoundTripCheck(string where, TimeSpan timeout, string unanswered = "answer")
{
    /// <summary>The bound on one check.</summary>
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>The backend in words.</summary>
    public string Where { get; } = where;

    /// <summary>Returns <paramref name="timeout"/> when it is positive and at most <paramref name="longest"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    public static TimeSpan CheckTimeout(TimeSpan timeout, TimeSpan longest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, longest);
        return timeout;
    }

    /// <summary>
    /// Runs <paramref name="roundTrip"/> (which returns what the server answered, as in <c>answered PING</c>) within the
    /// timeout. A failure for which <paramref name="cause"/> gives a description is reported unhealthy with it; any
    /// other failure is thrown.
    /// </summary>
    public async Task<HealthCheckResult> RunAsync(
        HealthCheckContext context,
        Func<CancellationToken, Task<string>> roundTrip,
        Func<Exception, string?> cause,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(Timeout);
        try
        {
            return HealthCheckResult.Healthy($"{Where} {await roundTrip(bound.Token).ConfigureAwait(false)}");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && (bound.IsCancellationRequested || ex is OperationCanceledException))
        {
            return Failed(context, $"no {unanswered} within {Timeout.TotalSeconds:0.#} s", ex);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && cause(ex) is { } described)
        {
            return Failed(context, described, ex);
        }
    }

    private HealthCheckResult Failed(HealthCheckContext context, string cause, Exception ex) =>
        new(context.Registration.FailureStatus, $"cannot reach {Where}: {cause}", ex);
}
