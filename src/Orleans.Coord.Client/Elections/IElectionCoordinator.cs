using Orleans.Coord.Elections;

namespace Orleans.Coord.Client;

/// <summary>
/// Leader election (Tooz's leader election, etcd's <c>concurrency.Election</c>): one leader per named election at a
/// time; each new leader gets a new, strictly higher term. Candidates are elected first in, first out. Leadership and
/// candidacies are leased by the session: they end when it stops or expires, and the next live candidate is elected at
/// once. Every method validates its arguments before any call (an <see cref="ArgumentException"/> naming the argument
/// and the limit).
/// </summary>
public interface IElectionCoordinator
{
    /// <summary>
    /// Campaigns with <paramref name="value"/> (at most 64 KiB) and waits until this session leads. A campaign that is
    /// cancelled is withdrawn, and a leadership that raced with the cancellation is resigned. A session campaigns once
    /// per election: while it leads or waits there, another campaign of it fails at once.
    /// </summary>
    /// <exception cref="AlreadyCampaigningException">This session already leads the election or waits in it; nothing changed.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive, or was lost while waiting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing is held.</exception>
    Task<ILeadership> CampaignAsync(string election, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="CampaignAsync(string, ReadOnlyMemory{byte}, CancellationToken)"/>, with options (e.g. a group-tied election).</summary>
    /// <exception cref="MemberNotJoinedException">
    /// The election is group-tied and this session is not a member of the group (when campaigning, or when its turn came).
    /// </exception>
    /// <exception cref="AlreadyCampaigningException">This session already leads the election or waits in it; nothing changed.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive, or was lost while waiting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing is held.</exception>
    Task<ILeadership> CampaignAsync(string election, ReadOnlyMemory<byte> value, CampaignOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Becomes the leader if nobody leads and nobody waits; returns null at once otherwise.
    /// </summary>
    /// <exception cref="AlreadyCampaigningException">This session already leads the election or waits in it; nothing changed.</exception>
    /// <exception cref="MemberNotJoinedException">The election is group-tied and this session is not a member of the group.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive.</exception>
    Task<ILeadership?> TryCampaignAsync(string election, ReadOnlyMemory<byte> value, CampaignOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The current leader (member id, session, value, term), or null when nobody leads. The election grain asks the
    /// leader's session grain before answering, so a leader whose session has ended or expired is never returned.
    /// </summary>
    Task<ElectionLeader?> GetLeaderAsync(string election, CancellationToken cancellationToken = default);

    /// <summary>
    /// Observes the election: yields every change after the moment of the call exactly once, in version order (terms
    /// only grow along it), pushed through the election's stream. When the stream loses events, the observer notices the
    /// version gap (or, within <see cref="CoordinatorOptions.WatchResyncInterval"/>, a version it never received), re-reads
    /// the snapshot and yields the difference as events with <see cref="ElectionEvent.IsResync"/> set. The sequence ends
    /// when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    IAsyncEnumerable<ElectionEvent> ObserveAsync(string election, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts an observation and returns once it is subscribed and has read its snapshot: every change made after this
    /// returns will be read from <see cref="IElectionObservation.ReadEventsAsync"/>.
    /// </summary>
    Task<IElectionObservation> OpenObservationAsync(string election, CancellationToken cancellationToken = default);
}
