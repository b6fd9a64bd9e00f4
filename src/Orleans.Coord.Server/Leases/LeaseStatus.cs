namespace Orleans.Coord.Server.Leases;

/// <summary>Where a request stands in a lease queue; each primitive answers it in its own words.</summary>
/// <param name="Granted">The grant, when the request holds one.</param>
/// <param name="Waiting">Whether the request waits in the queue.</param>
internal readonly record struct LeaseStatus(Lease? Granted, bool Waiting)
{
    public static LeaseStatus Unknown => default;

    public bool IsKnown => Granted is not null || Waiting;
}
