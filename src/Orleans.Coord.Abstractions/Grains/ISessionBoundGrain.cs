using Orleans.Concurrency;
using Orleans.Coord.Sessions;

namespace Orleans.Coord.Grains;

/// <summary>
/// A grain that holds leased state for sessions (memberships, lock holds, candidacies). The session grain calls it
/// when a session it attached to ends or expires, and asks it whether the session still has anything there when the
/// session's record of attached grains is pruned.
/// </summary>
public interface ISessionBoundGrain : IGrain
{
    /// <summary>
    /// Releases everything the session holds in this grain, persisting the change and publishing events with the
    /// given reason. Idempotent: a session that holds nothing here is ignored.
    /// </summary>
    Task ReleaseSessionAsync(Guid sessionId, SessionEndReason reason);

    /// <summary>
    /// Answers true when the session has nothing in this grain (no grant, no queued request, no membership, in what
    /// is stored, being written or about to be written, and no request of the session under way), and then forgets
    /// that the session records this grain, so that the session's next request here records it again before it is
    /// granted, queued or joined; the session may then drop this grain from its record. Answers false otherwise, and
    /// when the grain cannot tell (an activation whose write failed). Changes nothing that is stored, never waits for
    /// anything, and runs even while the grain awaits a call (it may be awaiting the session itself).
    /// </summary>
    [AlwaysInterleave]
    Task<bool> TryDetachAsync(Guid sessionId);
}
