namespace Orleans.Coord.Client.Hosting;

/// <summary>
/// Waits between attempts to start a session: <see cref="HostedCoordinatorOptions.RestartDelay"/>, doubled after every
/// failed attempt up to <see cref="HostedCoordinatorOptions.MaxRestartDelay"/>, with up to 20% random jitter so that
/// many processes that lost their sessions together do not come back in step.
/// </summary>
internal sealed class RestartBackoff(HostedCoordinatorOptions options)
{
    private int _failures;

    /// <summary>The wait before the next attempt; every call counts as one more failure.</summary>
    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures++, 30);
        var ticks = Math.Min(options.RestartDelay.Ticks * (1L << Math.Min(exponent, 20)), options.MaxRestartDelay.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (0.8 + (Random.Shared.NextDouble() * 0.2))));
    }

    /// <summary>Starts again from <see cref="HostedCoordinatorOptions.RestartDelay"/> (after a session that lived).</summary>
    public void Reset() => _failures = 0;
}
