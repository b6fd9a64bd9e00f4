namespace Orleans.Coord.Locks;

/// <summary>
/// The token (or term) each live session released last. The client sends a release again when its answer was lost (a
/// silo crash swallows it); the repeat finds the hold gone and is answered as the first copy was, true, instead of
/// "not held". An entry goes when the session's end reaches the grain.
/// </summary>
[GenerateSerializer]
public sealed class LastReleases
{
    /// <summary>The last released token per session.</summary>
    [Id(0)]
    public Dictionary<Guid, long> TokenBySession { get; set; } = [];

    /// <summary>Notes that the session released the hold with this token.</summary>
    public void Record(Guid sessionId, long token) => TokenBySession[sessionId] = token;

    /// <summary>Whether this is the session's last released token: a repeat of a release that was applied.</summary>
    public bool Includes(Guid sessionId, long token) => TokenBySession.TryGetValue(sessionId, out var last) && last == token;

    /// <summary>Drops the session's entry when it ends; true when there was one.</summary>
    public bool Forget(Guid sessionId) => TokenBySession.Remove(sessionId);

    /// <summary>A copy to persist while the original keeps changing.</summary>
    internal LastReleases Copy() => new() { TokenBySession = new(TokenBySession) };
}
