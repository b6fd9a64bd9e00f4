using Orleans.Runtime;
using Orleans.Concurrency;
using Orleans.Coord.Sessions;

namespace Orleans.Coord.Grains;

/// <summary>
/// The lease authority of one session, keyed by the session id. The session's client heartbeats this grain only;
/// the grain expires the session when no heartbeat arrived for a TTL, and then tells every grain the session
/// attached itself to (<see cref="AttachAsync"/>) to release what the session held.
/// </summary>
public interface ISessionGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Starts the session (persisted). Starting an already started, alive session with the same member id is a no-op.
    /// <paramref name="hostSilo"/> is the silo whose process runs the session's client when the session is started
    /// inside a silo (null for an external client): the session then also ends, as expired, as soon as Orleans
    /// declares that silo dead (<see cref="NoticeSilosDeadAsync"/>), without waiting for its TTL.
    /// </summary>
    /// <exception cref="SessionExpiredException">The session already ended or expired.</exception>
    Task StartAsync(string memberId, TimeSpan ttl, SiloAddress? hostSilo = null);

    /// <summary>
    /// Told by the cluster after Orleans declared <paramref name="deadSilos"/> dead. The call itself re-activates a
    /// session grain lost with one of them, which restarts its lease clock (a fresh TTL) and its expiry timer, so that a
    /// session whose client died too expires one TTL after the silo loss rather than when something next touches it.
    /// A live session started inside one of those silos expires at once. Otherwise nothing changes.
    /// </summary>
    Task NoticeSilosDeadAsync(SiloAddress[] deadSilos);

    /// <summary>Renews the lease (in memory, nothing is written) and returns the session's status.</summary>
    [AlwaysInterleave]
    Task<SessionStatus> HeartbeatAsync();

    /// <summary>
    /// Records (persisted) that the grains <paramref name="resources"/> hold something for this session, so that they
    /// are told when the session ends or expires. Idempotent; clients gather the attaches they need at the same time
    /// into one call, and a session-bound grain calls it itself before it first grants, queues or joins the session in
    /// an activation. A recorded grain stays recorded until the session ends, or until it answers
    /// <see cref="ISessionBoundGrain.TryDetachAsync"/> true when the record is pruned (when it would pass a limit, or
    /// has grown). Runs beside the session's other calls, one attach at a time; refused at once when the session is not
    /// alive.
    /// </summary>
    /// <exception cref="ArgumentException">More than <see cref="MaxAttachBatch"/> resources.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive (nothing is recorded).</exception>
    /// <exception cref="CoordinationLimitExceededException">
    /// Even after pruning, the resources not yet recorded would take the session past its limit of groups it is a
    /// member of (<c>MaxMembershipsPerSession</c>) or of locks, semaphores, reader-writer locks and elections it holds,
    /// waits on or campaigns in (<c>MaxHoldsPerSession</c>); nothing is recorded.
    /// </exception>
    [AlwaysInterleave]
    Task AttachAsync(GrainId[] resources);

    /// <summary>The most resources one <see cref="AttachAsync"/> call records.</summary>
    const int MaxAttachBatch = 256;

    /// <summary>Whether the session is alive right now. Never blocks behind other calls of the session.</summary>
    [AlwaysInterleave]
    [ReadOnly]
    Task<bool> IsAliveAsync();

    /// <summary>
    /// Ends the session cleanly: every attached grain releases what the session held (reason <see cref="SessionEndReason.Stopped"/>)
    /// before this call returns. Idempotent.
    /// </summary>
    Task EndAsync();

    /// <summary>
    /// The session for operators: member, TTL, status, start, last renewal and the resources it has used; null when
    /// it never started or has released everything. Renews nothing and changes nothing.
    /// </summary>
    [AlwaysInterleave]
    [ReadOnly]
    Task<Inspection.SessionInfo?> GetInfoAsync();
}
