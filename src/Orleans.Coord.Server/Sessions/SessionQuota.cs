using Orleans.Coord.Grains;
using Orleans.Runtime;

namespace Orleans.Coord.Server.Sessions;

/// <summary>
/// Counts a session's attached resources against the per-session limits of <see cref="CoordResourceLimits"/>: groups
/// against <see cref="CoordResourceLimits.MaxMembershipsPerSession"/>, locks, semaphores, reader-writer locks and
/// elections against <see cref="CoordResourceLimits.MaxHoldsPerSession"/>. A resource counts once however often it is
/// attached (a resent attach is not counted again) and stays counted until the session ends.
/// </summary>
internal sealed class SessionQuota
{
    private readonly HashSet<GrainId> _counted = [];
    private int _holds;
    private int _memberships;

    /// <summary>Counts resources already recorded (idempotent).</summary>
    public void Add(IEnumerable<GrainId> resources)
    {
        foreach (var resource in resources)
        {
            if (_counted.Add(resource))
            {
                if (IsMembership(resource))
                {
                    _memberships++;
                }
                else
                {
                    _holds++;
                }
            }
        }
    }

    /// <summary>
    /// Throws when counting the not yet counted of <paramref name="resources"/> would pass a limit; counts nothing.
    /// </summary>
    /// <exception cref="CoordinationLimitExceededException">A limit would be passed; the exception names it.</exception>
    public void EnsureRoom(IReadOnlyCollection<GrainId> resources, CoordResourceLimits limits, string session)
    {
        var fresh = resources.Where(r => !_counted.Contains(r)).Distinct().ToArray();
        var memberships = fresh.Count(IsMembership);
        if (_memberships + memberships > limits.MaxMembershipsPerSession)
        {
            throw new CoordinationLimitExceededException(session, nameof(CoordResourceLimits.MaxMembershipsPerSession), limits.MaxMembershipsPerSession);
        }

        if (_holds + fresh.Length - memberships > limits.MaxHoldsPerSession)
        {
            throw new CoordinationLimitExceededException(session, nameof(CoordResourceLimits.MaxHoldsPerSession), limits.MaxHoldsPerSession);
        }
    }

    private static bool IsMembership(GrainId resource) => ResourceNames.Of(resource)?.Kind == NameDirectory.Groups;
}
