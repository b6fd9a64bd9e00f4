namespace Orleans.Coord.Locks;

/// <summary>The persisted state of a semaphore or reader-writer lock.</summary>
[GenerateSerializer]
public sealed class PermitState
{
    /// <summary>The capacity the lock is in use with (0 before first use); it may change only while the lock is idle.</summary>
    [Id(0)]
    public int Capacity { get; set; }

    /// <summary>The fencing token of the last grant; the next grant gets a greater one. Never goes back.</summary>
    [Id(1)]
    public long LastToken { get; set; }

    /// <summary>The current grants, oldest first.</summary>
    [Id(2)]
    public List<PermitHold> Holders { get; set; } = [];

    /// <summary>The waiting requests, first in line first.</summary>
    [Id(3)]
    public List<PermitQueueEntry> Waiters { get; set; } = [];

    /// <summary>The version of the last published event.</summary>
    [Id(4)]
    public long Version { get; set; }

    /// <summary>The token each live session released last, so that a repeated release gets the first answer.</summary>
    [Id(5)]
    public LastReleases Released { get; set; } = new();

    /// <summary>A copy to persist while the original keeps changing; the entries are immutable and shared.</summary>
    internal static PermitState Copy(PermitState state) => new()
    {
        Capacity = state.Capacity,
        LastToken = state.LastToken,
        Holders = [.. state.Holders],
        Waiters = [.. state.Waiters],
        Version = state.Version,
        Released = state.Released.Copy(),
    };
}
