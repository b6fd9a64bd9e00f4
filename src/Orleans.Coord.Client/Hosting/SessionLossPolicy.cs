namespace Orleans.Coord.Client;

/// <summary>What a hosted coordinator does when its session is lost (see <see cref="HostedCoordinatorOptions.OnSessionLost"/>).</summary>
public enum SessionLossPolicy
{
    /// <summary>Start a new session, with a bounded backoff, and join the declared groups and campaigns again.</summary>
    StartNewSession,

    /// <summary>
    /// Stop the application (<c>IHostApplicationLifetime.StopApplication</c>) with exit code 1, for services that would
    /// rather be restarted by their supervisor than carry on under a new session.
    /// </summary>
    StopApplication,
}
