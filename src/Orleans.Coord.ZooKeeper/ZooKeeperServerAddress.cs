namespace Orleans.Coord.ZooKeeper;

/// <summary>One server of a connect string.</summary>
/// <param name="Host">Host name or IP address (IPv6 without brackets).</param>
/// <param name="Port">TCP client port.</param>
public sealed record ZooKeeperServerAddress(string Host, int Port)
{
    /// <summary>Returns "host:port" ("[address]:port" for IPv6).</summary>
    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
