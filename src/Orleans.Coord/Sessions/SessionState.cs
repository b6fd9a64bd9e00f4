using Orleans.Coord.Sessions;

namespace Orleans.Coord.Sessions;

/// <summary>The persisted record of a session: who it is, its TTL, whether it is alive, and which grains hold something for it.</summary>
[GenerateSerializer]
public sealed class SessionState
{
    /// <summary>The member id the session runs as.</summary>
    [Id(0)]
    public string MemberId { get; set; } = "";

    /// <summary>The lease TTL.</summary>
    [Id(1)]
    public TimeSpan Ttl { get; set; }

    /// <summary>Whether the session was started.</summary>
    [Id(2)]
    public bool Started { get; set; }

    /// <summary>Alive, Expired or Ended.</summary>
    [Id(3)]
    public SessionStatus Status { get; set; }

    /// <summary>
    /// How many resource pages (<see cref="SessionResourcePageGrain"/>) record the grains that hold something for the
    /// session and have to be told when it ends.
    /// </summary>
    [Id(4)]
    public int Pages { get; set; }
}
