using Orleans.Coord.Locks;

namespace Orleans.Coord.Client;

/// <summary>
/// Exclusive, fenced locks leased by the session (Tooz's locks with DistributedLock's conventions). A hold ends when
/// its handle releases it, when the session stops or expires (the lock passes to the next waiter at once), or when an
/// administrator breaks it. Locks are not re-entrant: a session that holds a lock gets null from a try and waits in
/// line like anyone else. Waiters are served first in, first out. Every method validates its arguments before any call
/// (an <see cref="ArgumentException"/> naming the argument and the limit).
/// </summary>
public interface ILockCoordinator
{
    /// <summary>Counting semaphores (a separate name space from exclusive locks).</summary>
    ISemaphoreCoordinator Semaphores { get; }

    /// <summary>Reader-writer locks (a separate name space from exclusive locks).</summary>
    IReaderWriterLockCoordinator ReaderWriter { get; }

    /// <summary>
    /// Acquires the lock if it is free and nobody waits for it; returns null at once otherwise. During a silo failover the
    /// answer can take seconds (the call is sent again, see <see cref="CoordinatorOptions.CallTimeout"/>). To give up
    /// sooner, cancel <paramref name="cancellationToken"/>: the request is then withdrawn. A task that is merely
    /// abandoned (for example with <c>WaitAsync</c>) still completes, and a grant it gets is held until released.
    /// </summary>
    /// <exception cref="SessionExpiredException">The session is no longer alive.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing is held.</exception>
    Task<ILockHandle?> TryAcquireAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits in line up to <paramref name="timeout"/> for the lock; returns null when it was not granted in time.
    /// <see cref="TimeSpan.Zero"/> does not wait; <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled.
    /// A request that times out or is cancelled is withdrawn, and a grant that raced with it is released. Calls of the
    /// request that a silo crash leaves unanswered are sent again with the same request id (see
    /// <see cref="CoordinatorOptions.CallTimeout"/>), so a failover shows as a longer wait, not as an error.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or longer than a day.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive, or was lost while waiting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing is held.</exception>
    Task<ILockHandle?> TryAcquireAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="TryAcquireAsync(string, TimeSpan, CancellationToken)"/>, but a timeout throws.</summary>
    /// <exception cref="TimeoutException">The lock was not granted within <paramref name="timeout"/>; nothing is held.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or longer than a day.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive, or was lost while waiting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing is held.</exception>
    Task<ILockHandle> AcquireAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether this session still holds lock <paramref name="name"/> with grant <paramref name="fencingToken"/>, asked of
    /// the lock grain (a hold that was broken, released or expired answers false).
    /// </summary>
    Task<bool> IsStillOwnerAsync(string name, long fencingToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forces the release of whoever holds the lock (an administrator's tool): the holder's <see cref="ILockHandle.Lost"/>
    /// fires and the next waiter is granted the lock. The holder is read first and only its grant is broken: a grant
    /// made after that is never broken, not by a copy of the break sent again either. Returns false when the lock was
    /// free, or when its holder released it before the break arrived.
    /// </summary>
    Task<bool> BreakAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The current holder of the lock and its fencing token, or null when the lock is free.</summary>
    Task<LockGrant?> GetHolderAsync(string name, CancellationToken cancellationToken = default);
}
