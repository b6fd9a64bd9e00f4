namespace Orleans.Coord.Client.Leases;

/// <summary>Where a lease request stands, in the words every target maps its grain's answer to.</summary>
/// <param name="Token">The grant's token (fencing token or term) when granted; null while waiting or unknown.</param>
/// <param name="Waiting">Whether the request waits in the grain's queue.</param>
internal readonly record struct LeaseRequestStatus(long? Token, bool Waiting)
{
    public static LeaseRequestStatus Unknown => default;

    public static LeaseRequestStatus Queued => new(null, true);

    public static LeaseRequestStatus Granted(long token) => new(token, false);
}
