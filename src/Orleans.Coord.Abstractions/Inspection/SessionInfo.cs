using Orleans.Coord.Sessions;

namespace Orleans.Coord.Inspection;

/// <summary>A session as an operator sees it. Reading it changes nothing (it renews nothing).</summary>
/// <param name="SessionId">The session.</param>
/// <param name="MemberId">Its member id.</param>
/// <param name="Ttl">Its lease: it expires when no heartbeat comes for this long.</param>
/// <param name="Status">Alive, or ended or expired (and releasing what it held).</param>
/// <param name="StartedAt">When it started (the silo's clock).</param>
/// <param name="LastHeartbeatAt">When its lease was last renewed (or the grain last activated, which restarts the lease).</param>
/// <param name="Resources">
/// The groups, locks and elections its record holds: kind (see <see cref="Orleans.Coord.Grains.NameDirectory"/>) and
/// name. Everything it holds, waits on or is a member of is there, and some it used before (the record is pruned of
/// those when it grows or reaches a limit).
/// </param>
[GenerateSerializer]
[Immutable]
public sealed record SessionInfo(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] string MemberId,
    [property: Id(2)] TimeSpan Ttl,
    [property: Id(3)] SessionStatus Status,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset LastHeartbeatAt,
    [property: Id(6)] IReadOnlyList<SessionResource> Resources);
