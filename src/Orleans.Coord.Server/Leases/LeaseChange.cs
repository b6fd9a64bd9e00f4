namespace Orleans.Coord.Server.Leases;

/// <summary>What happened to a lease; each primitive names it in its own events.</summary>
internal enum LeaseChange
{
    /// <summary>A request was granted.</summary>
    Granted,

    /// <summary>The holder released the grant.</summary>
    Released,

    /// <summary>The requester gave up on a request that had been granted meanwhile.</summary>
    Withdrawn,

    /// <summary>The holder's session was stopped.</summary>
    Stopped,

    /// <summary>The holder's session missed its TTL.</summary>
    Expired,

    /// <summary>An administrator broke the grant.</summary>
    Broken,

    /// <summary>The holder no longer meets its request's condition (an election's leader left its group).</summary>
    Lapsed,

    /// <summary>The holder changed its grant's value (an election's proclaim).</summary>
    Updated,
}
