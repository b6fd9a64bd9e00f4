using Orleans.Coord.Validation;

namespace Orleans.Coord.Client;

/// <summary>Options of a coordinator session (see <see cref="HostedCoordinatorOptions"/> for a coordinator hosted in dependency injection).</summary>
public class CoordinatorOptions
{
    /// <summary>
    /// The session's lease TTL (default 5 s, allowed 1 s to 10 min). A session that misses heartbeats for this long
    /// is expired by the cluster and loses everything it holds.
    /// </summary>
    public TimeSpan SessionTtl { get; set; } = CoordLimits.DefaultSessionTtl;

    /// <summary>
    /// Who renews the lease: the coordinator itself (<see cref="SessionRenewal.Automatic"/>, the default), or only calls of
    /// <see cref="Coordinator.RenewAsync"/> (<see cref="SessionRenewal.ByCaller"/>).
    /// </summary>
    public SessionRenewal Renewal { get; set; } = SessionRenewal.Automatic;

    /// <summary>How often the session renews its lease. Null (the default) means a third of <see cref="SessionTtl"/>.</summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>
    /// How often a watcher compares its version with the group's, to notice events a stream dropped when no later
    /// event arrives (default 5 s).
    /// </summary>
    public TimeSpan WatchResyncInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a call is retried when it met a stale grain activation (default 3).</summary>
    public int StaleActivationRetries { get; set; } = 3;

    /// <summary>
    /// How long one copy of a coordination call may go unanswered before the client sends another (default 2 s,
    /// less than 10 min). Calls that are safe to send twice (acquires and campaigns with their request id, releases
    /// and resignations with their token, reads, session start and end) are sent again when no answer comes in time or a
    /// silo or gateway rejects them, for up to one <see cref="SessionTtl"/>; the first answer of any copy is the result.
    /// This carries them through a silo crash, after which Orleans never answers a request that was forwarded to the dead
    /// silo. A slow answer is not lost by this: the earlier copy keeps running.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The heartbeat interval in effect.</summary>
    public TimeSpan EffectiveHeartbeatInterval => HeartbeatInterval ?? SessionTtl / 3;

    /// <summary>Checks every option and throws an <see cref="ArgumentException"/> naming the option and its limit.</summary>
    public virtual void Validate()
    {
        Guard.SessionTtl(SessionTtl, nameof(SessionTtl));
        Guard.PositiveBelow(EffectiveHeartbeatInterval, SessionTtl, nameof(HeartbeatInterval), nameof(SessionTtl));
        Guard.PositiveBelow(WatchResyncInterval, TimeSpan.FromHours(1), nameof(WatchResyncInterval), "1 hour");
        Guard.PositiveBelow(CallTimeout, TimeSpan.FromMinutes(10), nameof(CallTimeout), "10 minutes");
        if (!Enum.IsDefined(Renewal))
        {
            throw new ArgumentOutOfRangeException(nameof(Renewal), Renewal, $"{nameof(Renewal)} must be {nameof(SessionRenewal.Automatic)} or {nameof(SessionRenewal.ByCaller)}.");
        }

        if (StaleActivationRetries is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(StaleActivationRetries), StaleActivationRetries, $"{nameof(StaleActivationRetries)} must be 0 to 100.");
        }
    }
}
