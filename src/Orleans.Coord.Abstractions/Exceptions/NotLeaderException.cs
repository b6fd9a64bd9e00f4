namespace Orleans.Coord;

/// <summary>
/// The calling session does not lead the election with the given term (it never did, resigned, or lost the
/// leadership); nothing was changed.
/// </summary>
[GenerateSerializer]
public sealed class NotLeaderException : CoordinationException
{
    /// <summary>Creates the exception for an election, member and term.</summary>
    public NotLeaderException(string election, string memberId, long term)
        : base($"Member '{memberId}' does not lead election '{election}' with term {term}.")
    {
        Election = election;
        MemberId = memberId;
        Term = term;
    }

    /// <summary>The election.</summary>
    [Id(0)]
    public string Election { get; private set; }

    /// <summary>The member id that is not the leader.</summary>
    [Id(1)]
    public string MemberId { get; private set; }

    /// <summary>The term the caller claimed.</summary>
    [Id(2)]
    public long Term { get; private set; }
}
