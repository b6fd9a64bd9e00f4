namespace Orleans.Coord.Server.Leases;

/// <summary>Who asks for or holds a lease: what a policy checks of a request and of a grant alike.</summary>
internal interface ILeaseParty
{
    /// <summary>The requesting or holding session.</summary>
    Guid SessionId { get; }

    /// <summary>The session's member id.</summary>
    string MemberId { get; }

    /// <summary>The group the party must be a member of, or null.</summary>
    string? Group { get; }
}
