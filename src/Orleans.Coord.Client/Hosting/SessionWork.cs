using Microsoft.Extensions.Logging;

namespace Orleans.Coord.Client.Hosting;

/// <summary>
/// Work declared at registration that a hosted coordinator runs in every session it starts: a group to join, a
/// campaign to enter. <see cref="RunAsync"/> runs once per session; it returns when the work is done for that session
/// (a join succeeded) or the session ends (its token fires: the session was lost, or the host is stopping).
/// </summary>
internal abstract class SessionWork
{
    /// <summary>What the work is, for logs (for example "join group compute").</summary>
    public abstract string Description { get; }

    /// <summary>
    /// Whether the session counts as started only after this work is done (a membership), or the work keeps running
    /// beside the session (a campaign).
    /// </summary>
    public abstract bool CompletesBeforeStart { get; }

    /// <summary>Does the work in <paramref name="session"/>; errors other than the session ending are retried inside.</summary>
    public abstract Task RunAsync(ICoordinator session, IServiceProvider services, ILogger logger, CancellationToken sessionEnds);
}
