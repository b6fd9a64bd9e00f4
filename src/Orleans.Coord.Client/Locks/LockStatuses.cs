using Orleans.Coord.Client.Leases;
using Orleans.Coord.Locks;

namespace Orleans.Coord.Client.Locks;

/// <summary>A lock grain's answer in the acquire protocol's words.</summary>
internal static class LockStatuses
{
    public static LeaseRequestStatus Of(LockRequestStatus status) => status.State switch
    {
        LockRequestState.Granted => LeaseRequestStatus.Granted(status.Token),
        LockRequestState.Queued => LeaseRequestStatus.Queued,
        _ => LeaseRequestStatus.Unknown,
    };
}
