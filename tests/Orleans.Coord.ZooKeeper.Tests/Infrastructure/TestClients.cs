using System.Text;
using Microsoft.Extensions.Logging;

namespace Orleans.Coord.ZooKeeper.Tests.Infrastructure;

public static class TestClients
{
    /// <summary>Creates a client without connecting it (so a test can subscribe to its events first).</summary>
    public static ZooKeeperClient Create(string connectString, TimeSpan? sessionTimeout = null, int maxPending = 10_000, ILogger? logger = null) =>
        new(new ZooKeeperClientOptions
        {
            ConnectString = connectString,
            SessionTimeout = sessionTimeout ?? TimeSpan.FromSeconds(10),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            MaxPendingRequests = maxPending,
        }, logger);

    public static async Task<ZooKeeperClient> ConnectAsync(string connectString, TimeSpan? sessionTimeout = null, int maxPending = 10_000, ILogger? logger = null)
    {
        var client = Create(connectString, sessionTimeout, maxPending, logger);
        try
        {
            await client.ConnectAsync();
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh, unique persistent test root such as /t-1a2b3c4d.</summary>
    public static async Task<string> CreateTestRootAsync(ZooKeeperClient client)
    {
        var root = "/t-" + Guid.NewGuid().ToString("N")[..10];
        await client.CreateAsync(root, Array.Empty<byte>());
        return root;
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(byte[] data) => Encoding.UTF8.GetString(data);
}
