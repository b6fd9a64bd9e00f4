using Orleans.Coord.ZooKeeper.Tests.Infrastructure;
using Xunit;
using static Orleans.Coord.ZooKeeper.Tests.Infrastructure.TestClients;

namespace Orleans.Coord.ZooKeeper.Tests;

[Collection(StandaloneServerCollection.Name)]
public sealed class MultiTests(StandaloneServerFixture fixture)
{
    [Fact]
    public async Task All_operations_apply_together_with_per_operation_results()
    {
        await using var client = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);
        await client.CreateAsync(root + "/old", Bytes("old"));
        await client.CreateAsync(root + "/data", Bytes("d0"));

        var results = await client.MultiAsync(new[]
        {
            ZooKeeperOperation.Check(root, 0),
            ZooKeeperOperation.Create(root + "/new", Bytes("n")),
            ZooKeeperOperation.Create(root + "/seq-", Bytes("s"), CreateMode.EphemeralSequential),
            ZooKeeperOperation.SetData(root + "/data", Bytes("d1"), 0),
            ZooKeeperOperation.Delete(root + "/old", 0),
        });

        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(
            new[] { ZooKeeperOperationKind.Check, ZooKeeperOperationKind.Create, ZooKeeperOperationKind.Create, ZooKeeperOperationKind.SetData, ZooKeeperOperationKind.Delete },
            results.Select(r => r.Kind));
        Assert.Equal(root + "/new", results[1].CreatedPath);
        Assert.Matches($"^{root}/seq-\\d{{10}}$", results[2].CreatedPath);
        Assert.Equal(client.SessionId, (await client.ExistsAsync(results[2].CreatedPath!))!.EphemeralOwner);
        Assert.Equal(1, results[3].Stat!.Version);

        Assert.Equal("n", Text((await client.GetDataAsync(root + "/new")).Data));
        Assert.Equal("d1", Text((await client.GetDataAsync(root + "/data")).Data));
        Assert.Null(await client.ExistsAsync(root + "/old"));
    }

    [Fact]
    public async Task A_failing_operation_leaves_nothing_applied_and_reports_which_failed()
    {
        await using var client = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);
        await client.CreateAsync(root + "/data", Bytes("d0"));
        await client.CreateAsync(root + "/keep", Bytes("k"));

        var ex = await Assert.ThrowsAsync<BadVersionException>(() => client.MultiAsync(new[]
        {
            ZooKeeperOperation.Create(root + "/new", Bytes("n")),
            ZooKeeperOperation.Delete(root + "/keep"),
            ZooKeeperOperation.SetData(root + "/data", Bytes("d1"), version: 7),
            ZooKeeperOperation.Create(root + "/after", Bytes("a")),
        }));

        Assert.Equal(2, ex.FailedOperationIndex);
        Assert.Equal(root + "/data", ex.Path);
        Assert.Equal(ZooKeeperErrorCode.BadVersion, ex.ErrorCode);
        var results = ex.OperationResults!;
        Assert.Equal(4, results.Count);
        Assert.Equal(ZooKeeperErrorCode.BadVersion, results[2].Error);
        Assert.All(new[] { results[0], results[1], results[3] }, r => Assert.Contains(r.Error, new[] { ZooKeeperErrorCode.Ok, ZooKeeperErrorCode.RuntimeInconsistency }));

        Assert.Null(await client.ExistsAsync(root + "/new"));
        Assert.Null(await client.ExistsAsync(root + "/after"));
        Assert.NotNull(await client.ExistsAsync(root + "/keep"));
        Assert.Equal("d0", Text((await client.GetDataAsync(root + "/data")).Data));
    }

    [Fact]
    public async Task Failing_check_and_existing_node_map_to_typed_errors()
    {
        await using var client = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);

        var missing = await Assert.ThrowsAsync<NoNodeException>(() => client.MultiAsync(new[]
        {
            ZooKeeperOperation.Create(root + "/a", Bytes("a")),
            ZooKeeperOperation.Check(root + "/missing", -1),
        }));
        Assert.Equal(1, missing.FailedOperationIndex);
        Assert.Null(await client.ExistsAsync(root + "/a"));

        var exists = await Assert.ThrowsAsync<NodeExistsException>(() => client.MultiAsync(new[]
        {
            ZooKeeperOperation.Create(root + "/b", Bytes("b")),
            ZooKeeperOperation.Create(root + "/b", Bytes("b")),
        }));
        Assert.Equal(1, exists.FailedOperationIndex);
        Assert.Null(await client.ExistsAsync(root + "/b"));
    }

    [Fact]
    public async Task Empty_transaction_succeeds()
    {
        await using var client = await fixture.ConnectAsync();
        Assert.Empty(await client.MultiAsync(Array.Empty<ZooKeeperOperation>()));
    }
}
