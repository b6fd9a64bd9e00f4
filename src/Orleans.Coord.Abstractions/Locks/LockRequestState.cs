namespace Orleans.Coord.Locks;

/// <summary>Where a lock request stands.</summary>
[GenerateSerializer]
public enum LockRequestState
{
    /// <summary>The lock grain does not know the request: never made, withdrawn, or its grant already ended.</summary>
    Unknown = 0,

    /// <summary>The request waits in the lock's FIFO queue.</summary>
    Queued = 1,

    /// <summary>The request holds the lock now.</summary>
    Granted = 2,
}
