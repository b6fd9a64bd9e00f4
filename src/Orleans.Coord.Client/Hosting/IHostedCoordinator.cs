namespace Orleans.Coord.Client;

/// <summary>
/// The coordinator a host keeps running (registered by <c>AddCoordinator</c>). As an <see cref="ICoordinator"/> it
/// always speaks for the current session: <see cref="ICoordinator.SessionId"/>, <see cref="ICoordinator.Lost"/> and
/// <see cref="ICoordinator.IsAlive"/> are the current session's, and <see cref="ICoordinator.Groups"/>,
/// <see cref="ICoordinator.Locks"/> and <see cref="ICoordinator.Elections"/> reach it. While no session is up (before
/// the first one, or while a lost one is being replaced) they throw <see cref="SessionUnavailableException"/>.
/// Handles taken from a session stay tied to that session: when it is lost they report <c>Lost</c> as usual, and
/// the new session does not inherit them. Groups and campaigns declared at registration are joined and entered again
/// in every new session. <see cref="ICoordinator.SessionLost"/> is raised once for each lost session.
/// </summary>
public interface IHostedCoordinator : ICoordinator
{
    /// <summary>Where the coordinator is in its life.</summary>
    HostedCoordinatorState State { get; }

    /// <summary>
    /// Waits until a session is up and returns it (at once when one is). The session returned may be lost at any
    /// time afterwards; watch its <see cref="ICoordinator.Lost"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="SessionUnavailableException">The coordinator stopped or gave up; no session will come.</exception>
    Task<ICoordinator> WaitForSessionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Raised when a session is up, after the declared groups were joined and the declared campaigns started.
    /// Handlers run on the thread pool; an exception they throw is logged.
    /// </summary>
    event EventHandler<SessionStartedEventArgs>? SessionStarted;
}
