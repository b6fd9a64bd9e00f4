using Orleans.Coord.Locks;

namespace Orleans.Coord.Client;

/// <summary>
/// A held lock, semaphore permit or reader-writer hold. Disposing it releases the hold (errors are logged, not
/// thrown). Pass <see cref="FencingToken"/> to the resource the lock protects: a lease alone cannot give mutual
/// exclusion under process pauses.
/// </summary>
public interface ILockHandle : IAsyncDisposable
{
    /// <summary>The lock name.</summary>
    string Name { get; }

    /// <summary>The fencing token of this grant: greater than the token of every earlier grant of the same lock.</summary>
    long FencingToken { get; }

    /// <summary>
    /// Cancelled when the hold is lost without this handle releasing it: the session was lost or stopped, or the lock
    /// was broken. Not cancelled by <see cref="ReleaseAsync"/>.
    /// </summary>
    CancellationToken Lost { get; }

    /// <summary>
    /// Releases the lock and passes it to the next waiter. Returns false when this grant was no longer held (already
    /// released, broken or expired); never releases anyone else's grant. A release whose answer is lost (the silo
    /// hosting the lock crashed) is sent again (<see cref="CoordinatorOptions.CallTimeout"/>) and still answers true; it
    /// throws only when no copy got an answer within one <see cref="CoordinatorOptions.SessionTtl"/>, or on cancellation,
    /// and the grant is then still held until a later release or the session's end.
    /// </summary>
    Task<bool> ReleaseAsync(CancellationToken cancellationToken = default);
}
