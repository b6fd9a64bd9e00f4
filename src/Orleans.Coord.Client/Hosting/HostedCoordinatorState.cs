namespace Orleans.Coord.Client;

/// <summary>Where a hosted coordinator is in its life (see <see cref="IHostedCoordinator.State"/>).</summary>
public enum HostedCoordinatorState
{
    /// <summary>The host has not started it yet.</summary>
    Created,

    /// <summary>Starting the first session.</summary>
    Starting,

    /// <summary>A session is alive.</summary>
    Alive,

    /// <summary>The last session was lost or failed to start; a new one is being started.</summary>
    Restarting,

    /// <summary>The host is stopping: declared work is being cancelled and the session released.</summary>
    Stopping,

    /// <summary>Stopped: the session was released (or could not be).</summary>
    Stopped,

    /// <summary>
    /// A session was lost and <see cref="HostedCoordinatorOptions.OnSessionLost"/> is
    /// <see cref="SessionLossPolicy.StopApplication"/>: no new session is started and the application is stopping.
    /// </summary>
    GaveUp,
}
