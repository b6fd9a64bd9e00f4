namespace Orleans.Coord.Sessions;

/// <summary>What a session grain says about a session.</summary>
[GenerateSerializer]
public enum SessionStatus
{
    /// <summary>The session is alive; its lease was renewed.</summary>
    Alive = 0,

    /// <summary>The session missed its TTL; everything it held is released with reason expired.</summary>
    Expired = 1,

    /// <summary>The session was stopped cleanly; everything it held was released.</summary>
    Ended = 2,

    /// <summary>The session is not known (never started, or its record is gone). Treat it as expired.</summary>
    Unknown = 3,
}
