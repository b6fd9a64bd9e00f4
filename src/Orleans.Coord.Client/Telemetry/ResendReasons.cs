namespace Orleans.Coord.Client.Telemetry;

/// <summary>The values of the reason tag of a call sent again.</summary>
internal static class ResendReasons
{
    /// <summary>No answer within <see cref="CoordinatorOptions.CallTimeout"/>.</summary>
    public const string Timeout = "timeout";

    /// <summary>A silo or gateway rejected or lost the call.</summary>
    public const string Rejected = "rejected";

    /// <summary>The call met a stale activation, which applied nothing.</summary>
    public const string StaleActivation = "stale_activation";

    /// <summary>The backend did not confirm a write (<see cref="CoordinationUnavailableException"/>).</summary>
    public const string Unavailable = "unavailable";
}
