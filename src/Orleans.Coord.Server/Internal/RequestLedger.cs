using Orleans.Coord.Grains;

namespace Orleans.Coord.Server.Internal;

/// <summary>
/// What a grain remembers of the requests of each live session, persisted with the grain's state (docs/design.md,
/// "The request ledger"). A client sends a call again when its answer was lost or late (a silo crash swallowed it, or
/// a slow grain answered after the client's call timeout), so a copy can arrive after the first was applied, even
/// after the session has moved on. The ledger lets a grain answer a copy of the session's last answered request as
/// the first copy was answered, and refuse a copy of a spent request (a join already applied, an acquire whose grant
/// or wait has ended), so that no copy is applied twice and no late copy grants a lease nobody will release.
/// Requests carry their place in the session's order (<see cref="RequestOrder"/>): a request numbered below the
/// session's floor is spent, and a spent request, like the last answered one, is remembered only until the floor passes
/// it, so a session's entry holds no more than the requests the session may still have in flight: a session that only
/// waits, its earlier requests all answered, keeps nothing but its floor. Requests that belong to no session (an
/// administrator's break, a group's create or delete) are kept under <see cref="Administrative"/>; a create or delete
/// also names the group's revision it was decided on, so a late copy that the ledger no longer remembers finds the group
/// changed. A session's entry goes when the session's end reaches the grain.
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

    /// <summary>
    /// Whether the request may never be applied again: it is numbered below the session's floor, or it was spent.
    /// </summary>
    public bool IsSpent(Guid sessionId, Guid requestId, RequestOrder order) =>
        BySession.TryGetValue(sessionId, out var entry)
        && (order.Sequence < entry.Floor || Holds(entry.Spent, requestId));

    /// <summary>
    /// Records the answer of a request the grain applied, numbered <paramref name="sequence"/> in the session's order
    /// (0: none); a copy of it gets the same answer until the session's floor passes that number.
    /// </summary>
    public void Answer(Guid sessionId, Guid requestId, long answer, long sequence = 0) =>
        BySession[sessionId] = BySession.GetValueOrDefault(sessionId) with { Request = requestId, Answer = answer, RequestSequence = sequence };

    /// <summary>
    /// Records that request <paramref name="requestId"/>, numbered <paramref name="sequence"/>, may never be applied
    /// again; true when that changed the ledger (a request below the floor is spent already).
    /// </summary>
    public bool Spend(Guid sessionId, Guid requestId, long sequence)
    {
        var entry = BySession.GetValueOrDefault(sessionId);
        if (sequence < entry.Floor || Holds(entry.Spent, requestId))
        {
            return false;
        }

        BySession[sessionId] = entry with { Spent = [.. entry.Spent ?? [], new SpentRequest(requestId, sequence)] };
        return true;
    }

    /// <summary>
    /// Raises the session's floor to <paramref name="floor"/> (a floor never goes down), forgetting the spent requests
    /// below it and the last answered request when it is numbered below it; true when that changed the ledger.
    /// </summary>
    public bool Advance(Guid sessionId, long floor)
    {
        var entry = BySession.GetValueOrDefault(sessionId);
        if (floor <= entry.Floor)
        {
            return false;
        }

        var spent = entry.Spent?.Where(s => s.Sequence >= floor).ToArray();
        entry = entry with { Floor = floor, Spent = spent is { Length: > 0 } ? spent : null };
        if (entry.RequestSequence > 0 && entry.RequestSequence < floor)
        {
            entry = entry with { Request = null, Answer = 0, RequestSequence = 0 };
        }

        BySession[sessionId] = entry;
        return true;
    }

    /// <summary>
    /// The answer to a copy of a change that must not be applied: the first copy's answer when it was the session's last
    /// answered request; <paramref name="current"/> (the grain's version now) when the change was applied before or the
    /// session has given it up (numbered below its floor); null for a new change.
    /// </summary>
    public long? AnswerOfSettled(Guid sessionId, Guid requestId, RequestOrder order, long current) =>
        TryGetAnswer(sessionId, requestId, out var answer) ? answer
        : IsSpent(sessionId, requestId, order) ? current
        : null;

    /// <summary>
    /// Records a change of the session the grain applied, answered with <paramref name="answer"/>: the session's floor
    /// rises with the change's, a copy of the change gets its answer, and no copy applies it again.
    /// </summary>
    public void Applied(Guid sessionId, Guid requestId, RequestOrder order, long answer)
    {
        Advance(sessionId, order.Floor);
        Answer(sessionId, requestId, answer, order.Sequence);
        Spend(sessionId, requestId, order.Sequence);
    }

    /// <summary>
    /// Records a release (or resignation) of the session's grant that the grain applied, answered true: the session's
    /// floor rises with the release's, a copy of the release gets its answer until a later floor passes it, and the
    /// grant's request (<paramref name="grantRequestId"/>, numbered <paramref name="grantSequence"/>) is spent, by its
    /// number alone once the floor has passed it.
    /// </summary>
    public void Released(Guid sessionId, Guid requestId, RequestOrder order, Guid grantRequestId, long grantSequence)
    {
        Advance(sessionId, order.Floor);
        Answer(sessionId, requestId, 1, order.Sequence);
        Spend(sessionId, grantRequestId, grantSequence);
    }

    /// <summary>How many of the administrative requests it applied a grain remembers (<see cref="SpendAdministrative"/>).</summary>
    public const int AdministrativeMemory = 8;

    /// <summary>Whether <paramref name="requestId"/> is among the last administrative requests the grain applied.</summary>
    public bool IsAdministrativeSpent(Guid requestId) =>
        BySession.TryGetValue(Administrative, out var entry) && Holds(entry.Spent, requestId);

    /// <summary>
    /// Records an administrative request the grain applied at <paramref name="revision"/>: a copy of it is answered as
    /// applied while it is among the last <see cref="AdministrativeMemory"/>; an older one is refused by the revision it
    /// names, which has moved since.
    /// </summary>
    public void SpendAdministrative(Guid requestId, long revision)
    {
        var entry = BySession.GetValueOrDefault(Administrative);
        var kept = (entry.Spent ?? []).TakeLast(AdministrativeMemory - 1);
        BySession[Administrative] = entry with { Spent = [.. kept, new SpentRequest(requestId, revision)] };
    }

    /// <summary>Drops the session's entry when the session ends; true when there was one.</summary>
    public bool Forget(Guid sessionId) => BySession.Remove(sessionId);

    /// <summary>A copy to persist while the original keeps changing.</summary>
    public RequestLedger Copy() => new() { BySession = new(BySession) };

    private static bool Holds(SpentRequest[]? spent, Guid requestId)
    {
        foreach (var request in spent ?? [])
        {
            if (request.Request == requestId)
            {
                return true;
            }
        }

        return false;
    }
}
