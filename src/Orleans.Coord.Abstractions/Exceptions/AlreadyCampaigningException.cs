namespace Orleans.Coord;

/// <summary>
/// The session already leads the election, or already waits in it as a candidate: a session campaigns once per
/// election (a second candidacy would wait behind its own forever). Resign, or let the waiting campaign end, first.
/// Nothing was changed.
/// </summary>
[GenerateSerializer]
public sealed class AlreadyCampaigningException : CoordinationException
{
    /// <summary>Creates the exception for an election and member; <paramref name="term"/> is the term the session leads in, or null while it waits.</summary>
    public AlreadyCampaigningException(string election, string memberId, long? term)
        : base(term is { } t
            ? $"Member '{memberId}' already leads election '{election}' in term {t} through this session; resign before campaigning again."
            : $"Member '{memberId}' already campaigns in election '{election}' through this session; a session has one candidacy per election.")
    {
        Election = election;
        MemberId = memberId;
        Term = term;
    }

    /// <summary>The election.</summary>
    [Id(0)]
    public string Election { get; private set; }

    /// <summary>The member id of the session's existing candidacy.</summary>
    [Id(1)]
    public string MemberId { get; private set; }

    /// <summary>The term the session leads in, or null when its candidacy is waiting.</summary>
    [Id(2)]
    public long? Term { get; private set; }
}
