namespace Orleans.Coord.Client;

/// <summary>Tells why a session was lost.</summary>
/// <param name="reason">Why, in words.</param>
public sealed class SessionLostEventArgs(string reason) : EventArgs
{
    /// <summary>Why the session was lost, e.g. "expired by the cluster" or "no heartbeat acknowledged for the TTL".</summary>
    public string Reason { get; } = reason;
}
