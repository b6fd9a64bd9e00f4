namespace Orleans.Coord;

/// <summary>
/// The session is no longer alive: it expired (missed its TTL) or was stopped. Everything it held has been
/// or is being released; start a new session to take part again.
/// </summary>
[GenerateSerializer]
public sealed class SessionExpiredException : CoordinationException
{
    /// <summary>Creates the exception for a session.</summary>
    public SessionExpiredException(string memberId, Guid sessionId)
        : base($"The session {sessionId:N} of member '{memberId}' is no longer alive.")
    {
        MemberId = memberId;
        SessionId = sessionId;
    }

    /// <summary>The member id of the session.</summary>
    [Id(0)]
    public string MemberId { get; private set; }

    /// <summary>The session id.</summary>
    [Id(1)]
    public Guid SessionId { get; private set; }
}
