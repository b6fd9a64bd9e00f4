namespace Orleans.Coord.Client;

/// <summary>
/// One running coordination session: a member id, a random session id and a lease kept alive by background
/// heartbeats. Everything the session holds (group memberships, lock, semaphore and reader-writer holds, leaderships and candidacies)
/// is leased by it: <see cref="StopAsync"/> releases it all at once; a missed TTL expires it all with reason expired.
/// </summary>
public interface ICoordinator : IAsyncDisposable
{
    /// <summary>The member id this session runs as.</summary>
    string MemberId { get; }

    /// <summary>The session id (new for each session).</summary>
    Guid SessionId { get; }

    /// <summary>The session's options.</summary>
    CoordinatorOptions Options { get; }

    /// <summary>
    /// Cancelled when the session is lost: the cluster expired it, or no heartbeat was acknowledged for a whole TTL
    /// (counted from the sending of the last acknowledged heartbeat, so the client gives up no later than the cluster).
    /// Not cancelled by a clean <see cref="StopAsync"/>.
    /// </summary>
    CancellationToken Lost { get; }

    /// <summary>True until the session is lost or stopped.</summary>
    bool IsAlive { get; }

    /// <summary>Raised once when the session is lost (see <see cref="Lost"/>).</summary>
    event EventHandler<SessionLostEventArgs>? SessionLost;

    /// <summary>Group membership (Tooz's group API).</summary>
    IGroupCoordinator Groups { get; }

    /// <summary>Exclusive, fenced locks leased by this session (Tooz's locks); see <see cref="ILockCoordinator"/>.</summary>
    ILockCoordinator Locks { get; }

    /// <summary>
    /// Leader elections leased by this session, with strictly increasing terms (Tooz's leader election); see
    /// <see cref="IElectionCoordinator"/>.
    /// </summary>
    IElectionCoordinator Elections { get; }

    /// <summary>
    /// Stops heartbeating and ends the session: every membership is removed before this returns, so other members and
    /// watchers see it gone at once. Idempotent. Cancellation stops waiting; the cluster still ends the session, at the
    /// latest when its TTL runs out.
    /// </summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}
