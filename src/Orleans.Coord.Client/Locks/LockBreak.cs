using Orleans.Coord.Client.Internal;
using Orleans.Coord.Grains;

namespace Orleans.Coord.Client.Locks;

/// <summary>
/// An administrator's break of a lock, as the session's lock APIs send it: the grants held now are read first, and the
/// break names the newest of their tokens, so that a copy of it sent again, however late, never ends a later grant.
/// </summary>
internal static class LockBreak
{
    /// <summary>Breaks what <paramref name="grain"/> holds now through <paramref name="breakUpTo"/>; false when it held nothing (any more).</summary>
    /// <param name="grain">The lock.</param>
    /// <param name="breakUpTo">The lock's break call: a request id, and the newest token it may end.</param>
    /// <param name="session">The session that sends it.</param>
    /// <param name="cancellationToken">Stops waiting (a break already sent may still land).</param>
    public static async Task<bool> RunAsync(ILeaseGrain grain, Func<Guid, long, Task<bool>> breakUpTo, SessionContext session, CancellationToken cancellationToken)
    {
        var info = await GrainCallRetry.RunRepeatableAsync(grain.GetInfoAsync, session, cancellationToken);
        if (info.Holders.Count == 0)
        {
            return false;
        }

        var requestId = Guid.NewGuid();
        var newest = info.Holders.Max(h => h.Token);
        return await GrainCallRetry.RunRepeatableAsync(() => breakUpTo(requestId, newest), session, cancellationToken);
    }
}
