using Orleans.Coord.Validation;

namespace Orleans.Coord;

/// <summary>Options of a coordinator session.</summary>
public sealed class CoordinatorOptions
{
    /// <summary>
    /// The session's lease TTL (default 5 s, allowed 1 s to 10 min). A session that misses heartbeats for this long
    /// is expired by the cluster and loses everything it holds.
    /// </summary>
    public TimeSpan SessionTtl { get; set; } = CoordLimits.DefaultSessionTtl;

    /// <summary>How often the session renews its lease. Null (the default) means a third of <see cref="SessionTtl"/>.</summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>
    /// How often a watcher compares its version with the group's, to notice events a stream dropped when no later
    /// event arrives (default 5 s).
    /// </summary>
    public TimeSpan WatchResyncInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a call is retried when it met a stale grain activation (default 3).</summary>
    public int StaleActivationRetries { get; set; } = 3;

    /// <summary>The heartbeat interval in effect.</summary>
    public TimeSpan EffectiveHeartbeatInterval => HeartbeatInterval ?? SessionTtl / 3;

    /// <summary>Checks every option and throws an <see cref="ArgumentException"/> naming the option and its limit.</summary>
    public void Validate()
    {
        Guard.SessionTtl(SessionTtl, nameof(SessionTtl));
        Guard.PositiveBelow(EffectiveHeartbeatInterval, SessionTtl, nameof(HeartbeatInterval), nameof(SessionTtl));
        Guard.PositiveBelow(WatchResyncInterval, TimeSpan.FromHours(1), nameof(WatchResyncInterval), "1 hour");
        if (StaleActivationRetries is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(StaleActivationRetries), StaleActivationRetries, $"{nameof(StaleActivationRetries)} must be 0 to 100.");
        }
    }
}
