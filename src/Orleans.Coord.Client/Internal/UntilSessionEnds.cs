using Orleans.Coord.Internal;

namespace Orleans.Coord.Client.Internal;

/// <summary>
/// Runs a call that ends something the session holds or asked for (a withdrawal, the release of a disposed handle)
/// until it succeeds: the first attempt is awaited, and when it fails (the backend is unreachable for a while, the grain
/// is moving) it is tried again in the background, with growing pauses, until it succeeds or the session ends (which
/// ends everything the session held). So a lease nobody wants any more never stays held for the rest of the session.
/// </summary>
internal static class UntilSessionEnds
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    /// <summary>Tries <paramref name="call"/> once, and again in the background when it fails.</summary>
    /// <param name="session">The session; retrying stops once it is closed.</param>
    /// <param name="call">A call that is safe to repeat (it carries its request id).</param>
    /// <param name="failed">Told of each failed attempt, and whether it will be tried again.</param>
    /// <returns>Completes after the first attempt, whatever its outcome.</returns>
    public static async Task TryAsync(SessionContext session, Func<Task> call, Action<Exception, bool> failed)
    {
        if (!await AttemptAsync(session, call, failed))
        {
            RetryInBackground(session, call, failed);
        }
    }

    /// <summary>Tries <paramref name="call"/> again in the background, with growing pauses, until it succeeds or the session ends.</summary>
    public static void RetryInBackground(SessionContext session, Func<Task> call, Action<Exception, bool> failed) =>
        _ = Task.Run(async () =>
        {
            var pauses = new Backoff(FirstPause, LongestPause);
            while (!session.Closed)
            {
                await Task.Delay(pauses.Next());
                if (!session.Closed && await AttemptAsync(session, call, failed))
                {
                    return;
                }
            }
        });

    private static async Task<bool> AttemptAsync(SessionContext session, Func<Task> call, Action<Exception, bool> failed)
    {
        try
        {
            // One attempt sends the call again while it is lost or rejected, for up to a TTL (GrainCallRetry).
            using var attempt = new CancellationTokenSource(session.Options.SessionTtl);
            await GrainCallRetry.RunRepeatableAsync(call, session, attempt.Token);
            return true;
        }
        catch (SessionExpiredException)
        {
            return true;
        }
        catch (Exception ex)
        {
            failed(ex, !session.Closed);
            return false;
        }
    }
}
