using Orleans.Coord.Grains;
using Orleans.Runtime;

namespace Orleans.Coord.Server.Sessions;

/// <summary>
/// Counts a session's recorded resources against the per-session limits of <see cref="CoordResourceLimits"/>: groups
/// against <see cref="CoordResourceLimits.MaxMembershipsPerSession"/>, locks, semaphores, reader-writer locks and
/// elections against <see cref="CoordResourceLimits.MaxHoldsPerSession"/>. A resource counts once however often it is
/// attached (a resent attach is not counted again) and stays counted while it is recorded. The session grain prunes
/// its record (drops the grains where the session has nothing any more) before it refuses an attach, so the limits
/// bound what a session holds, waits on and is a member of at once, not what it used over its life.
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

    /// <summary>Stops counting resources that are no longer recorded.</summary>
    public void Remove(IEnumerable<GrainId> resources)
    {
        foreach (var resource in resources)
        {
            if (_counted.Remove(resource))
            {
                if (IsMembership(resource))
                {
                    _memberships--;
                }
                else
                {
                    _holds--;
                }
            }
        }
    }

    /// <summary>
    /// The name of the limit that counting the not yet counted of <paramref name="resources"/> would pass, or null.
    /// </summary>
    public string? LimitPassedBy(IReadOnlyCollection<GrainId> resources, CoordResourceLimits limits) =>
        Passed(resources, limits) is { } passed ? passed.Limit : null;

    /// <summary>
    /// Throws when counting the not yet counted of <paramref name="resources"/> would pass a limit; counts nothing.
    /// </summary>
    /// <exception cref="CoordinationLimitExceededException">A limit would be passed; the exception names it.</exception>
    public void EnsureRoom(IReadOnlyCollection<GrainId> resources, CoordResourceLimits limits, string session)
    {
        if (Passed(resources, limits) is { } passed)
        {
            throw new CoordinationLimitExceededException(session, passed.Limit, passed.Value);
        }
    }

    private (string Limit, int Value)? Passed(IReadOnlyCollection<GrainId> resources, CoordResourceLimits limits)
    {
        var fresh = resources.Where(r => !_counted.Contains(r)).Distinct().ToArray();
        var memberships = fresh.Count(IsMembership);
        if (_memberships + memberships > limits.MaxMembershipsPerSession)
        {
            return (nameof(CoordResourceLimits.MaxMembershipsPerSession), limits.MaxMembershipsPerSession);
        }

        if (_holds + fresh.Length - memberships > limits.MaxHoldsPerSession)
        {
            return (nameof(CoordResourceLimits.MaxHoldsPerSession), limits.MaxHoldsPerSession);
        }

        return null;
    }

    private static bool IsMembership(GrainId resource) => ResourceNames.Of(resource)?.Kind == NameDirectory.Groups;
}
