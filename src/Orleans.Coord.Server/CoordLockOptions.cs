namespace Orleans.Coord.Server;

/// <summary>
/// Silo options of Orleans.Coord's locks (exclusive locks, semaphores and reader-writer locks). Set them with
/// <c>siloBuilder.Configure&lt;CoordLockOptions&gt;(o =&gt; o.LockDelay = TimeSpan.FromSeconds(10))</c>, or in the
/// configuration section <see cref="SectionName"/>, which the silo program binds.
/// </summary>
public sealed class CoordLockOptions
{
    /// <summary>The configuration section the silo program binds: <c>Coordination:Locks</c>.</summary>
    public const string SectionName = "Coordination:Locks";

    /// <summary>The longest lock-delay accepted.</summary>
    public static readonly TimeSpan MaxLockDelay = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Chubby's lock-delay: when a holder's lease expires (its session missed its TTL, so it may still be running and
    /// writing), the lock stays ungranted for this long before the next waiter gets it. A clean release, a stopped
    /// session or a break hands the lock on at once. Protects resources that do not check fencing tokens. Zero (the
    /// default) turns it off; at most <see cref="MaxLockDelay"/>.
    /// </summary>
    public TimeSpan LockDelay { get; set; }

    /// <summary>
    /// Whether locks, semaphores and reader-writer locks publish their <see cref="Orleans.Coord.Locks.LockEvent"/>s
    /// (acquired, released, expired, broken) on their Orleans streams (<see cref="CoordConstants.LockStreamNamespace"/>,
    /// <see cref="CoordConstants.SemaphoreStreamNamespace"/>, <see cref="CoordConstants.ReaderWriterLockStreamNamespace"/>,
    /// keyed by the name). Off by default: a holder hears of its own lost hold by push (the handle's <c>Lost</c>)
    /// whatever this says, and a stream costs Orleans a pub/sub registration per name that has published (a
    /// <c>PubSubRendezvousGrain</c> activation and its record in the "PubSubStore" storage, written at the name's first
    /// event) plus a queued stream message per event: in the benchmark, about 40% more memory per held lock. Turn it
    /// on to audit or observe locks through streams; events are published after the change is stored, in order, with
    /// increasing versions. Groups and elections always publish: their watches read the stream.
    /// </summary>
    public bool PublishEvents { get; set; }

    /// <summary>The lock-delay in effect, checked: a value outside 0..<see cref="MaxLockDelay"/> is refused.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="LockDelay"/> is negative or above <see cref="MaxLockDelay"/>.</exception>
    public TimeSpan EffectiveLockDelay => CheckedLockDelay(nameof(LockDelay));

    /// <summary>Checks the options as read from <see cref="SectionName"/>, naming the configuration key in the error.</summary>
    /// <returns>These options.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="LockDelay"/> is negative or above <see cref="MaxLockDelay"/>.</exception>
    public CoordLockOptions Validate()
    {
        CheckedLockDelay($"{SectionName}:{nameof(LockDelay)}");
        return this;
    }

    private TimeSpan CheckedLockDelay(string name) =>
        LockDelay < TimeSpan.Zero || LockDelay > MaxLockDelay
            ? throw new ArgumentOutOfRangeException(nameof(LockDelay), LockDelay, $"{name} must be between 0 and {MaxLockDelay.TotalMinutes:0} min (got {LockDelay}).")
            : LockDelay;
}
