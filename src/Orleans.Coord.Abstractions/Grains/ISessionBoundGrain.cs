using Orleans.Coord.Sessions;

namespace Orleans.Coord.Grains;

/// <summary>
/// A grain that holds leased state for sessions (memberships, lock holds, candidacies). The session grain calls it
/// when a session it attached to ends or expires.
/// </summary>
public interface ISessionBoundGrain : IGrain
{
    /// <summary>
    /// Releases everything the session holds in this grain, persisting the change and publishing events with the
    /// given reason. Idempotent: a session that holds nothing here is ignored.
    /// </summary>
    Task ReleaseSessionAsync(Guid sessionId, SessionEndReason reason);
}
