using Orleans.Coord.ZooKeeper;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// zk_client (ZooKeeper backend only): the project's raw ZooKeeper client against the backend's server, one request
/// at a time: create + delete of a node (latency per pair), getData, and a multi (check + setData + create + delete),
/// so that it can be compared with other ZooKeeper clients on the same server.
/// </summary>
internal static class ZooKeeperClientLatency
{
    public const string System = "Orleans.Coord.ZooKeeper client";

    public static async Task RunAsync(ScenarioContext context)
    {
        var url = context.Environment.Url;
        var connect = string.Join(',', url.Hosts.Select(h => $"{h.Host}:{h.Port}"));
        await using var client = new ZooKeeperClient(new ZooKeeperClientOptions { ConnectString = connect });
        await client.ConnectAsync();
        var root = $"/orleans-coord-bench-{Guid.NewGuid():N}";
        await client.CreateAsync(root, "x"u8.ToArray());
        var slice = context.Duration / 3;
        var counter = 0;

        await context.MeasureAsync(System, "client", "zk_create_delete", slice, async () =>
        {
            var path = $"{root}/n{counter++}";
            await client.CreateAsync(path, "payload"u8.ToArray());
            await client.DeleteAsync(path);
        });
        await context.MeasureAsync(System, "client", "zk_get_data", slice, () => client.GetDataAsync(root));
        await context.MeasureAsync(System, "client", "zk_multi", slice, () =>
        {
            var path = $"{root}/m{counter++}";
            return client.MultiAsync(
            [
                ZooKeeperOperation.Check(root, -1),
                ZooKeeperOperation.SetData(root, "y"u8.ToArray()),
                ZooKeeperOperation.Create(path, "payload"u8.ToArray()),
                ZooKeeperOperation.Delete(path),
            ]);
        });
        await client.DeleteAsync(root);
    }
}
