using Orleans.Coord.Locks;

namespace Orleans.Coord.Client;

/// <summary>
/// Reader-writer locks leased by the session: any number of readers together, or one writer alone. Requests are served
/// first in, first out, so a waiting writer holds back readers that come after it (no writer starvation). Not
/// re-entrant and not upgradeable: a session that reads and then asks to write waits for its own read to end. A zero
/// timeout tries once; <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled; a request given up on is withdrawn
/// and a grant that raced with it released. Arguments are validated before any call.
/// </summary>
public interface IReaderWriterLockCoordinator
{
    /// <summary>Takes a read hold within <paramref name="timeout"/>, or returns null.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or longer than a day.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive, or was lost while waiting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing is held.</exception>
    Task<ILockHandle?> TryAcquireReadAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Takes a read hold within <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">It was not granted in time; nothing is held.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or longer than a day.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive, or was lost while waiting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing is held.</exception>
    Task<ILockHandle> AcquireReadAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Takes the write hold within <paramref name="timeout"/>, or returns null.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or longer than a day.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive, or was lost while waiting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing is held.</exception>
    Task<ILockHandle?> TryAcquireWriteAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Takes the write hold within <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">It was not granted in time; nothing is held.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or longer than a day.</exception>
    /// <exception cref="SessionExpiredException">The session is no longer alive, or was lost while waiting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing is held.</exception>
    Task<ILockHandle> AcquireWriteAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>The current holders (readers, or the one writer), oldest grant first.</summary>
    Task<IReadOnlyList<LockGrant>> GetHoldersAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Forces the release of every current hold of the lock, the readers' or the writer's (an administrator's tool): each
    /// holder's <see cref="ILockHandle.Lost"/> fires and the waiters are granted in turn. The holds are read first and
    /// only those are broken: a hold granted after that is never broken, not by a copy of the break sent again either.
    /// Returns false when nobody held it, or when every hold read was released before the break arrived.
    /// </summary>
    Task<bool> BreakAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Whether this session still holds the grant <paramref name="fencingToken"/>.</summary>
    Task<bool> IsStillOwnerAsync(string name, long fencingToken, CancellationToken cancellationToken = default);
}
