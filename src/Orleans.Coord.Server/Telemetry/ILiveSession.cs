namespace Orleans.Coord.Server.Telemetry;

/// <summary>A session's activation as the live-sessions gauge reads it.</summary>
internal interface ILiveSession
{
    /// <summary>Whether the session has started and has neither ended nor expired.</summary>
    bool IsLive { get; }
}
