namespace Orleans.Coord.Sessions;

/// <summary>Why a session released what it held.</summary>
[GenerateSerializer]
public enum SessionEndReason
{
    /// <summary>The session was stopped cleanly (StopAsync or DisposeAsync).</summary>
    Stopped = 0,

    /// <summary>The session missed its TTL: its lease was lost.</summary>
    Expired = 1,
}
