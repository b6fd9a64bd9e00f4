using System.Net;
using StackExchange.Redis;

namespace Orleans.Coord.Redis;

/// <summary>
/// Whether the Redis servers keep what they acknowledged across a restart. Without <c>appendonly yes</c> a restarted
/// server comes back with its last snapshot, or empty: a grant its holder was told of is forgotten, and a fencing token
/// or a term could be given out twice (docs/design.md, rule 1). A server that refuses <c>CONFIG GET</c> (managed Redis,
/// or an ACL user without the right) is not judged.
/// </summary>
internal static class RedisDurability
{
    /// <summary>One sentence per primary server of <paramref name="redis"/> (a connection with <c>allowAdmin</c>) that runs without an append-only file.</summary>
    public static async Task<IReadOnlyList<string>> RisksAsync(IConnectionMultiplexer redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var risks = new List<string>();
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (!server.IsConnected || server.IsReplica)
            {
                continue;
            }

            KeyValuePair<string, string>[] settings;
            try
            {
                settings = await server.ConfigGetAsync("appendonly").ConfigureAwait(false);
            }
            catch (RedisServerException)
            {
                continue;
            }

            if (settings.Any(s => s.Key == "appendonly" && s.Value == "no"))
            {
                risks.Add($"redis at {Describe(endpoint)} runs with appendonly no: a restart of the server keeps only its last snapshot, or nothing, so a fencing token or a term could be given out twice");
            }
        }

        return risks;
    }

    private static string Describe(EndPoint endpoint) => endpoint switch
    {
        IPEndPoint ip => $"{ip.Address}:{ip.Port}",
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endpoint.ToString() ?? "?",
    };
}
