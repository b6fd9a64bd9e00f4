namespace Orleans.Coord.Client.Telemetry;

/// <summary>The values of the outcome tag of an acquire or campaign.</summary>
internal static class AcquireOutcomes
{
    public const string Granted = "granted";

    /// <summary>Not granted in time; for a try, the lease was taken or others waited.</summary>
    public const string TimedOut = "timed_out";

    public const string Cancelled = "cancelled";

    /// <summary>The request failed with an error: the grain refused it, or the session was lost.</summary>
    public const string Refused = "refused";
}
