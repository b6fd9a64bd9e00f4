namespace Orleans.Coord;

/// <summary>
/// A request would take a grain past one of the silo's resource limits (Orleans.Coord.Server's
/// <c>CoordResourceLimits</c>: waiters per lock, semaphore, reader-writer lock or election; members per group; live
/// watches per grain; locks and elections, and groups, per session). The request was refused and nothing was changed; it may succeed once the grain has room again.
/// </summary>
[GenerateSerializer]
public sealed class CoordinationLimitExceededException : CoordinationException
{
    /// <summary>Creates the exception for a resource, the limit's name and its value.</summary>
    public CoordinationLimitExceededException(string resource, string limit, int value)
        : base($"{resource} is at its limit of {value} ({limit}, set by the silo's Coordination:Limits:{limit}); the request was refused and nothing changed.")
    {
        Resource = resource;
        Limit = limit;
        Value = value;
    }

    /// <summary>The grain at its limit, as "lock 'name'", "group 'name'" and so on.</summary>
    [Id(0)]
    public string Resource { get; private set; }

    /// <summary>The name of the limit, a property of <c>CoordResourceLimits</c> (for example <c>MaxWaiters</c>).</summary>
    [Id(1)]
    public string Limit { get; private set; }

    /// <summary>The limit's value.</summary>
    [Id(2)]
    public int Value { get; private set; }
}
