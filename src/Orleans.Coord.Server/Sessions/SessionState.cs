using Orleans.Coord.Sessions;
using Orleans.Runtime;

namespace Orleans.Coord.Server.Sessions;

/// <summary>The persisted record of a session: who it is, its TTL, whether it is alive, and which grains hold something for it.</summary>
[GenerateSerializer]
internal sealed class SessionState
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

    /// <summary>
    /// When everything the session held was released after it ended or expired. From then on the record is a
    /// tombstone: it refuses a late copy of the session's start until it is deleted (see
    /// <see cref="SessionGrain.TombstoneFor"/>).
    /// </summary>
    [Id(5)]
    public DateTimeOffset? ReleasedAt { get; set; }

    /// <summary>When the session started (the silo's clock).</summary>
    [Id(6)]
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The silo whose process runs the session's client, for a session started inside a silo; else null.</summary>
    [Id(7)]
    public SiloAddress? HostSilo { get; set; }
}
