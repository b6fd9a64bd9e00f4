namespace Orleans.Coord.Client;

/// <summary>Tells that a hosted coordinator's new session is up.</summary>
/// <param name="session">The new session.</param>
/// <param name="replaced">True when it replaces a session that was lost (or failed to start), false for the first one.</param>
public sealed class SessionStartedEventArgs(ICoordinator session, bool replaced) : EventArgs
{
    /// <summary>The new session. Its <see cref="ICoordinator.SessionId"/> differs from every earlier session's.</summary>
    public ICoordinator Session { get; } = session;

    /// <summary>True when it replaces a session that was lost, false for the host's first session.</summary>
    public bool Replaced { get; } = replaced;
}
