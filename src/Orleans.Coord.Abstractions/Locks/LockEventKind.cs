namespace Orleans.Coord.Locks;

/// <summary>What happened to a lock.</summary>
[GenerateSerializer]
public enum LockEventKind
{
    /// <summary>A session was granted the lock (directly or as the next waiter in line).</summary>
    Acquired = 0,

    /// <summary>The holder released the lock, withdrew its granted request, or its session was stopped cleanly.</summary>
    Released = 1,

    /// <summary>The holder's session missed its TTL; the hold was removed.</summary>
    Expired = 2,

    /// <summary>An administrator broke the lock (forced release).</summary>
    Broken = 3,
}
