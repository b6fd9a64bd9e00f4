namespace Orleans.Coord;

/// <summary>
/// A semaphore request's <c>maxCount</c> differs from the one the semaphore is in use with. Every user of one name must
/// pass the same max count while anybody holds or waits; it may change once the semaphore is idle. Nothing was changed.
/// </summary>
[GenerateSerializer]
public sealed class SemaphoreMaxCountMismatchException : ArgumentException
{
    /// <summary>Creates the exception for a semaphore.</summary>
    public SemaphoreMaxCountMismatchException(string semaphore, int maxCountInUse, int requestedMaxCount)
        : base($"Semaphore '{semaphore}' is in use with maxCount {maxCountInUse}; every user of one name must pass the same maxCount while it is in use (got {requestedMaxCount}).")
    {
        Semaphore = semaphore;
        MaxCountInUse = maxCountInUse;
        RequestedMaxCount = requestedMaxCount;
    }

    /// <summary>Always <c>maxCount</c>, the offending argument.</summary>
    public override string ParamName => "maxCount";

    /// <summary>The semaphore.</summary>
    [Id(0)]
    public string Semaphore { get; private set; }

    /// <summary>The max count the semaphore is in use with.</summary>
    [Id(1)]
    public int MaxCountInUse { get; private set; }

    /// <summary>The max count the refused request passed.</summary>
    [Id(2)]
    public int RequestedMaxCount { get; private set; }
}
