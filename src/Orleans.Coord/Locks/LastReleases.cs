namespace Orleans.Coord.Locks;

/// <summary>
/// What each live session ended last: the token (or term) it released, and the request that hold (or a withdrawn
/// wait) came from. The client sends a call again when its answer was lost or late (a silo crash swallows it, or a
/// slow grain answers after the client's call timeout). A repeated release finds the hold gone and is
/// answered as the first copy was, true, instead of "not held"; and a copy of an acquire or campaign that arrives
/// after its hold was released or its wait withdrawn is refused, so that it cannot grant a hold nobody will release.
/// An entry goes when the session's end reaches the grain.
/// </summary>
[GenerateSerializer]
public sealed class LastReleases
{
    /// <summary>The last released token per session.</summary>
    [Id(0)]
    public Dictionary<Guid, long> TokenBySession { get; set; } = [];

    /// <summary>The request of the last hold released, or wait withdrawn, per session.</summary>
    [Id(1)]
    public Dictionary<Guid, Guid> RequestBySession { get; set; } = [];

    /// <summary>Notes that the session released the hold with this token, granted to <paramref name="requestId"/>.</summary>
    public void Record(Guid sessionId, long token, Guid requestId)
    {
        TokenBySession[sessionId] = token;
        RequestBySession[sessionId] = requestId;
    }

    /// <summary>Notes that the session's request ended without a release by token (withdrawn, while waiting or granted).</summary>
    public void RecordEnded(Guid sessionId, Guid requestId) => RequestBySession[sessionId] = requestId;

    /// <summary>Whether this is the session's last released token: a repeat of a release that was applied.</summary>
    public bool Includes(Guid sessionId, long token) => TokenBySession.TryGetValue(sessionId, out var last) && last == token;

    /// <summary>Whether the request is the session's last ended one: a late copy of it must not be granted again.</summary>
    public bool Ended(Guid sessionId, Guid requestId) => RequestBySession.TryGetValue(sessionId, out var last) && last == requestId;

    /// <summary>Drops the session's entries when it ends; true when there was one.</summary>
    public bool Forget(Guid sessionId) => TokenBySession.Remove(sessionId) | RequestBySession.Remove(sessionId);

    /// <summary>A copy to persist while the original keeps changing.</summary>
    internal LastReleases Copy() => new() { TokenBySession = new(TokenBySession), RequestBySession = new(RequestBySession) };
}
