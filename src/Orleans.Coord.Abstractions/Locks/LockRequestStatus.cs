namespace Orleans.Coord.Locks;

/// <summary>The answer about one lock request.</summary>
/// <param name="State">Where the request stands.</param>
/// <param name="Token">The fencing token when <see cref="State"/> is <see cref="LockRequestState.Granted"/>, else 0.</param>
[GenerateSerializer]
[Immutable]
public sealed record LockRequestStatus(
    [property: Id(0)] LockRequestState State,
    [property: Id(1)] long Token)
{
    /// <summary>The request is not known.</summary>
    public static LockRequestStatus Unknown { get; } = new(LockRequestState.Unknown, 0);

    /// <summary>The request is queued.</summary>
    public static LockRequestStatus Queued { get; } = new(LockRequestState.Queued, 0);

    /// <summary>The request holds the lock with <paramref name="token"/>.</summary>
    public static LockRequestStatus Granted(long token) => new(LockRequestState.Granted, token);
}
