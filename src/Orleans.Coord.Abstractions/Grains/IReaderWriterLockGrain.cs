namespace Orleans.Coord.Grains;

/// <summary>
/// A reader-writer lock keyed by its name: readers share it, a writer holds it alone. A reader takes one permit and a
/// writer all of them (<see cref="ReaderWriterPermits.Capacity"/>). Events go to
/// <see cref="CoordConstants.ReaderWriterLockStreamNamespace"/> when the silo turns lock streams on
/// (<c>CoordLockOptions.PublishEvents</c>).
/// </summary>
public interface IReaderWriterLockGrain : IPermitGrain, IGrainWithStringKey
{
    /// <summary>
    /// Forces the release of every current hold whose token is at most <paramref name="upToToken"/>, the readers' or the
    /// writer's (an administrator's tool): each such holder is told it lost its hold and the waiters are granted in
    /// turn. Returns false when no such hold was held. A caller passes the newest token it saw, so that a copy of the
    /// break that arrives late never breaks a later grant. A repeat with the same <paramref name="requestId"/> (sent
    /// again after its answer was lost) gets the first answer and breaks nothing.
    /// </summary>
    /// <param name="requestId">A new id per break.</param>
    /// <param name="upToToken">The newest token the break may end (the newest of the grants the caller saw).</param>
    Task<bool> BreakAsync(Guid requestId, long upToToken);
}
