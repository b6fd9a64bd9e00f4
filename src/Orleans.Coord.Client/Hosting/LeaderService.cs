namespace Orleans.Coord.Client;

/// <summary>
/// Work that runs only while this process leads an election, registered with
/// <see cref="CoordinatorBuilder.AddLeaderService{TService}(string, ReadOnlyMemory{byte}, CampaignOptions?)"/> (the
/// leader-election counterpart of <c>BackgroundService</c>; Curator's <c>LeaderSelector</c>, Kubernetes'
/// <c>LeaderElector</c>). The hosted coordinator campaigns in every session and calls <see cref="LeadAsync"/> each time
/// it is elected.
/// </summary>
public abstract class LeaderService
{
    /// <summary>
    /// Does the leader's work. <paramref name="stoppingLeading"/> is cancelled when the leadership is lost (the session
    /// was lost, or the member left the election's group), when the work resigns through <paramref name="leadership"/>,
    /// and when the host stops; the work must stop touching what the leader owns then, and should pass
    /// <see cref="ILeadership.Term"/> to it as a fencing token. When the method returns, the coordinator resigns and
    /// campaigns again, behind any other candidates. When it throws, the error is logged, the coordinator resigns, and it
    /// campaigns again after a second.
    /// </summary>
    protected internal abstract Task LeadAsync(ILeadership leadership, CancellationToken stoppingLeading);
}
