using Orleans.Coord.Locks;

namespace Orleans.Coord.Client;

/// <summary>
/// Counting semaphores leased by the session: at most <c>maxCount</c> holders of one name at a time, each with its own
/// handle and fencing token. Every user of one name must pass the same <c>maxCount</c> while the semaphore is in use
/// (an <see cref="ArgumentException"/> naming <c>maxCount</c> otherwise); it may change while nobody holds or waits.
/// Waiters are served first in, first out; a session may hold several permits. Arguments are validated before any call.
/// </summary>
public interface ISemaphoreCoordinator
{
    /// <summary>Takes a permit if one is free and nobody waits; returns null at once otherwise.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> is not 1 to 100 000.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive.</exception>
    Task<ILockHandle?> TryAcquireAsync(string name, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits in line up to <paramref name="timeout"/> for a permit; null when none was granted in time.
    /// <see cref="TimeSpan.Zero"/> does not wait; <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled. A request
    /// given up on is withdrawn, and a grant that raced with it is released.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> or <paramref name="timeout"/> breaks its limit.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive, or was lost while waiting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing is held.</exception>
    Task<ILockHandle?> TryAcquireAsync(string name, int maxCount, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="TryAcquireAsync(string, int, TimeSpan, CancellationToken)"/>, but a timeout throws.</summary>
    /// <exception cref="TimeoutException">No permit was granted within <paramref name="timeout"/>; nothing is held.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxCount"/> or <paramref name="timeout"/> breaks its limit.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive, or was lost while waiting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing is held.</exception>
    Task<ILockHandle> AcquireAsync(string name, int maxCount, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>The current holders, oldest grant first.</summary>
    Task<IReadOnlyList<LockGrant>> GetHoldersAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Whether this session still holds the permit granted with <paramref name="fencingToken"/>.</summary>
    Task<bool> IsStillOwnerAsync(string name, long fencingToken, CancellationToken cancellationToken = default);
}
