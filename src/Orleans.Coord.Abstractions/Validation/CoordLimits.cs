namespace Orleans.Coord.Validation;

/// <summary>
/// The limits every name, member id, capability payload and duration must respect. The same limits are
/// checked by the client before any call and again by the grains.
/// </summary>
public static class CoordLimits
{
    /// <summary>The longest allowed name (group, lock, election) or member id, in UTF-16 characters.</summary>
    public const int MaxNameLength = 256;

    /// <summary>The largest allowed capabilities or leader value payload, in bytes (64 KiB).</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    /// <summary>The largest allowed max count of a semaphore.</summary>
    public const int MaxSemaphoreCount = 100_000;

    /// <summary>The shortest allowed session TTL.</summary>
    public static readonly TimeSpan MinSessionTtl = TimeSpan.FromSeconds(1);

    /// <summary>The longest allowed session TTL.</summary>
    public static readonly TimeSpan MaxSessionTtl = TimeSpan.FromMinutes(10);

    /// <summary>The default session TTL.</summary>
    public static readonly TimeSpan DefaultSessionTtl = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait any blocking call accepts.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);
}
