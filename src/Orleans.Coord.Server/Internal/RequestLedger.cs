namespace Orleans.Coord.Server.Internal;

/// <summary>
/// What a grain remembers of the requests of each live session, persisted with the grain's state (docs/design.md,
/// "The request ledger"). A client sends a call again when its answer was lost or late (a silo crash swallowed it, or
/// a slow grain answered after the client's call timeout), so a copy can arrive after the first was applied, even
/// after the session has moved on. The ledger lets a grain answer a copy of the session's last answered request as
/// the first copy was answered, and refuse a copy of a spent request (a join already applied, an acquire whose grant
/// or wait has ended), so that no copy is applied twice and no late copy grants a lease nobody will release. Requests
/// that belong to no session (an administrator's break, a group's create or delete) are kept under
/// <see cref="Administrative"/>. A session's entry goes when the session's end reaches the grain.
/// </summary>
[GenerateSerializer]
internal sealed class RequestLedger
{
    /// <summary>The key of the requests that belong to no session; its entry is never forgotten.</summary>
    public static readonly Guid Administrative = Guid.Empty;

    /// <summary>One entry per live session (copied per write, so it stays small).</summary>
    [Id(0)]
    public Dictionary<Guid, LedgerEntry> BySession { get; set; } = [];

    /// <summary>Whether <paramref name="requestId"/> is the session's last answered request, and its answer.</summary>
    public bool TryGetAnswer(Guid sessionId, Guid requestId, out long answer)
    {
        answer = 0;
        if (!BySession.TryGetValue(sessionId, out var entry) || entry.Request != requestId)
        {
            return false;
        }

        answer = entry.Answer;
        return true;
    }

    /// <summary>Whether <paramref name="requestId"/> is the session's last spent request: a copy of it changes nothing.</summary>
    public bool IsSpent(Guid sessionId, Guid requestId) => BySession.TryGetValue(sessionId, out var entry) && entry.Spent == requestId;

    /// <summary>Records the answer of a request the grain applied; a copy of it gets the same answer.</summary>
    public void Answer(Guid sessionId, Guid requestId, long answer) =>
        BySession[sessionId] = BySession.GetValueOrDefault(sessionId) with { Request = requestId, Answer = answer };

    /// <summary>Records that <paramref name="requestId"/> may never be applied again.</summary>
    public void Spend(Guid sessionId, Guid requestId) =>
        BySession[sessionId] = BySession.GetValueOrDefault(sessionId) with { Spent = requestId };

    /// <summary>Drops the session's entry when the session ends; true when there was one.</summary>
    public bool Forget(Guid sessionId) => BySession.Remove(sessionId);

    /// <summary>A copy to persist while the original keeps changing.</summary>
    public RequestLedger Copy() => new() { BySession = new(BySession) };
}
