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
    /// <summary>The last ended request, and the last released token, per session (one entry per session, copied per write).</summary>
    [Id(0)]
    public Dictionary<Guid, EndedRequest> BySession { get; set; } = [];

    /// <summary>Notes that the session released the hold with this token, granted to <paramref name="requestId"/>.</summary>
    public void Record(Guid sessionId, long token, Guid requestId) => BySession[sessionId] = new EndedRequest(token, requestId);

    /// <summary>Notes that the session's request ended without a release by token (withdrawn, while waiting or granted).</summary>
    public void RecordEnded(Guid sessionId, Guid requestId) =>
        BySession[sessionId] = new EndedRequest(BySession.TryGetValue(sessionId, out var last) ? last.Token : 0, requestId);

    /// <summary>Whether this is the session's last released token: a repeat of a release that was applied.</summary>
    public bool Includes(Guid sessionId, long token) => token != 0 && BySession.TryGetValue(sessionId, out var last) && last.Token == token;

    /// <summary>Whether the request is the session's last ended one: a late copy of it must not be granted again.</summary>
    public bool Ended(Guid sessionId, Guid requestId) => BySession.TryGetValue(sessionId, out var last) && last.RequestId == requestId;

    /// <summary>Drops the session's entry when it ends; true when there was one.</summary>
    public bool Forget(Guid sessionId) => BySession.Remove(sessionId);

    /// <summary>A copy to persist while the original keeps changing.</summary>
    internal LastReleases Copy() => new() { BySession = new(BySession) };
}
