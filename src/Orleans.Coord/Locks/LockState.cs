namespace Orleans.Coord.Locks;

/// <summary>The persisted state of an exclusive lock.</summary>
[GenerateSerializer]
public sealed class LockState
{
    /// <summary>The fencing token of the last grant; the next grant gets a greater one. Never goes back.</summary>
    [Id(0)]
    public long LastToken { get; set; }

    /// <summary>The current grant, or null when the lock is free.</summary>
    [Id(1)]
    public LockHold? Holder { get; set; }

    /// <summary>The waiting requests, first in line first.</summary>
    [Id(2)]
    public List<LockQueueEntry> Waiters { get; set; } = [];

    /// <summary>The version of the last published event.</summary>
    [Id(3)]
    public long Version { get; set; }

    /// <summary>While set and in the future, the lock is in its lock-delay after an expired hold and is not granted.</summary>
    [Id(4)]
    public DateTimeOffset? DelayedUntil { get; set; }

    /// <summary>The token each live session released last, so that a repeated release gets the first answer.</summary>
    [Id(5)]
    public LastReleases Released { get; set; } = new();

    /// <summary>The request of the last break, so that a repeat of it gets the first answer instead of breaking the next holder.</summary>
    [Id(6)]
    public Guid LastBreak { get; set; }

    /// <summary>The last break's answer: whether it broke a hold (false: the lock was free).</summary>
    [Id(7)]
    public bool LastBreakBroke { get; set; }

    /// <summary>A copy to persist while the original keeps changing; the entries are immutable and shared.</summary>
    internal static LockState Copy(LockState state) => new()
    {
        LastToken = state.LastToken,
        Holder = state.Holder,
        Waiters = [.. state.Waiters],
        Version = state.Version,
        DelayedUntil = state.DelayedUntil,
        Released = state.Released.Copy(),
        LastBreak = state.LastBreak,
        LastBreakBroke = state.LastBreakBroke,
    };
}
