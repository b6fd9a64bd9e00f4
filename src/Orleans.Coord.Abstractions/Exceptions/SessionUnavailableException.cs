namespace Orleans.Coord;

/// <summary>
/// A hosted coordinator has no live session at the moment: it is starting its first one, starting a new one after a
/// loss, or has stopped. Nothing was sent to the cluster. Wait for a session (<c>IHostedCoordinator.WaitForSessionAsync</c>)
/// and try again.
/// </summary>
[GenerateSerializer]
public sealed class SessionUnavailableException : CoordinationException
{
    /// <summary>Creates the exception for a member, saying what the coordinator is doing.</summary>
    public SessionUnavailableException(string memberId, string state)
        : base($"No session of member '{memberId}' is up ({state}); wait for one with WaitForSessionAsync and try again.")
    {
        MemberId = memberId;
    }

    /// <summary>The member id of the hosted coordinator.</summary>
    [Id(0)]
    public string MemberId { get; private set; }
}
