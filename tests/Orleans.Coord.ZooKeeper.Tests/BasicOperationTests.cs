using Orleans.Coord.ZooKeeper.Tests.Infrastructure;
using Xunit;
using static Orleans.Coord.ZooKeeper.Tests.Infrastructure.TestClients;

namespace Orleans.Coord.ZooKeeper.Tests;

[Collection(StandaloneServerCollection.Name)]
public sealed class BasicOperationTests(StandaloneServerFixture fixture)
{
    [Fact]
    public async Task Create_get_set_delete_round_trip_with_versions()
    {
        await using var client = await fixture.ConnectAsync();
        Assert.Equal(ZooKeeperState.Connected, client.State);
        Assert.NotEqual(0, client.SessionId);
        Assert.Equal(TimeSpan.FromSeconds(10), client.SessionTimeout);
        var root = await CreateTestRootAsync(client);
        var path = root + "/node";

        Assert.Equal(path, await client.CreateAsync(path, Bytes("one")));
        var read = await client.GetDataAsync(path);
        Assert.Equal("one", Text(read.Data));
        Assert.Equal(0, read.Stat.Version);
        Assert.Equal(3, read.Stat.DataLength);
        Assert.False(read.Stat.IsEphemeral);

        var stat = await client.SetDataAsync(path, Bytes("two"), version: 0);
        Assert.Equal(1, stat.Version);
        Assert.True(stat.Mzxid > read.Stat.Mzxid);
        Assert.Equal("two", Text((await client.GetDataAsync(path)).Data));

        await Assert.ThrowsAsync<BadVersionException>(() => client.SetDataAsync(path, Bytes("x"), version: 0));
        await Assert.ThrowsAsync<BadVersionException>(() => client.DeleteAsync(path, version: 0));
        await client.DeleteAsync(path, version: 1);
        Assert.Null(await client.ExistsAsync(path));
    }

    [Fact]
    public async Task Exists_and_get_children_report_stat()
    {
        await using var client = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);
        foreach (var name in new[] { "b", "a", "c" })
        {
            await client.CreateAsync(ZooKeeperPath.Combine(root, name), ReadOnlyMemory<byte>.Empty);
        }

        var children = await client.GetChildrenAsync(root);
        Assert.Equal(new[] { "a", "b", "c" }, children.Children.Order());
        Assert.Equal(3, children.Stat.NumChildren);
        Assert.Equal(3, children.Stat.Cversion);

        var stat = await client.ExistsAsync(root);
        Assert.NotNull(stat);
        Assert.Equal(3, stat!.NumChildren);
        Assert.Null(await client.ExistsAsync(root + "/missing"));
        Assert.Contains(root.TrimStart('/'), (await client.GetChildrenAsync("/")).Children);
    }

    [Fact]
    public async Task Sequential_and_ephemeral_modes()
    {
        await using var client = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);

        var first = await client.CreateAsync(root + "/item-", Bytes("1"), CreateMode.PersistentSequential);
        var second = await client.CreateAsync(root + "/item-", Bytes("2"), CreateMode.EphemeralSequential);
        Assert.Matches($"^{root}/item-\\d{{10}}$", first);
        Assert.Matches($"^{root}/item-\\d{{10}}$", second);
        Assert.True(string.CompareOrdinal(first, second) < 0);

        var ephemeral = await client.CreateAsync(root + "/eph", Bytes("e"), CreateMode.Ephemeral);
        var ephemeralStat = (await client.ExistsAsync(ephemeral))!;
        Assert.Equal(client.SessionId, ephemeralStat.EphemeralOwner);
        Assert.Equal(client.SessionId, (await client.ExistsAsync(second))!.EphemeralOwner);
        Assert.Equal(0, (await client.ExistsAsync(first))!.EphemeralOwner);
    }

    [Fact]
    public async Task Sync_succeeds()
    {
        await using var client = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);
        await client.SyncAsync(root);
        Assert.NotNull(await client.ExistsAsync(root));
    }

    [Fact]
    public async Task Error_codes_map_to_typed_exceptions_with_path()
    {
        await using var client = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);
        await client.CreateAsync(root + "/child", ReadOnlyMemory<byte>.Empty);
        var eph = await client.CreateAsync(root + "/eph", ReadOnlyMemory<byte>.Empty, CreateMode.Ephemeral);

        var exists = await Assert.ThrowsAsync<NodeExistsException>(() => client.CreateAsync(root, ReadOnlyMemory<byte>.Empty));
        Assert.Equal(ZooKeeperErrorCode.NodeExists, exists.ErrorCode);
        Assert.Equal(root, exists.Path);

        var noParent = await Assert.ThrowsAsync<NoNodeException>(() => client.CreateAsync(root + "/missing/x", ReadOnlyMemory<byte>.Empty));
        Assert.Equal(root + "/missing/x", noParent.Path);

        var noNode = await Assert.ThrowsAsync<NoNodeException>(() => client.GetDataAsync(root + "/missing"));
        Assert.Equal(ZooKeeperErrorCode.NoNode, noNode.ErrorCode);
        await Assert.ThrowsAsync<NoNodeException>(() => client.SetDataAsync(root + "/missing", Bytes("x")));
        await Assert.ThrowsAsync<NoNodeException>(() => client.DeleteAsync(root + "/missing"));
        await Assert.ThrowsAsync<NoNodeException>(() => client.GetChildrenAsync(root + "/missing"));

        var notEmpty = await Assert.ThrowsAsync<NotEmptyException>(() => client.DeleteAsync(root));
        Assert.Equal(ZooKeeperErrorCode.NotEmpty, notEmpty.ErrorCode);

        var ephChild = await Assert.ThrowsAsync<NoChildrenForEphemeralsException>(() => client.CreateAsync(eph + "/c", ReadOnlyMemory<byte>.Empty));
        Assert.Equal(ZooKeeperErrorCode.NoChildrenForEphemerals, ephChild.ErrorCode);

        // Nothing was changed by the failed calls.
        Assert.Equal(new[] { "child", "eph" }, (await client.GetChildrenAsync(root)).Children.Order());
    }

    [Fact]
    public async Task Bad_arguments_are_rejected_before_sending()
    {
        await using var client = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);

        Assert.Equal("path", Assert.Throws<ArgumentException>(() => { _ = client.CreateAsync("no-slash", ReadOnlyMemory<byte>.Empty); }).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => { _ = client.GetDataAsync(root + "/"); }).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => { _ = client.ExistsAsync(root + "//x"); }).ParamName);
        var tooBig = Assert.Throws<ArgumentException>(() => { _ = client.SetDataAsync(root, new byte[ZooKeeperClient.MaxDataLength + 1]); });
        Assert.Equal("data", tooBig.ParamName);
        Assert.Contains(ZooKeeperClient.MaxDataLength.ToString(), tooBig.Message);
        Assert.Equal("version", Assert.Throws<ArgumentOutOfRangeException>(() => { _ = client.DeleteAsync(root, -2); }).ParamName);
        Assert.Equal("mode", Assert.Throws<ArgumentOutOfRangeException>(() => { _ = client.CreateAsync(root + "/x", ReadOnlyMemory<byte>.Empty, (CreateMode)42); }).ParamName);

        var stat = (await client.ExistsAsync(root))!;
        Assert.Equal(0, stat.Version);
        Assert.Equal(0, stat.NumChildren);
    }

    [Fact]
    public async Task Large_data_up_to_the_limit_round_trips()
    {
        await using var client = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);
        var data = new byte[512 * 1024];
        Random.Shared.NextBytes(data);
        await client.CreateAsync(root + "/big", data);
        Assert.Equal(data, (await client.GetDataAsync(root + "/big")).Data);
    }

    [Fact]
    public async Task Disposed_client_refuses_calls()
    {
        var client = await fixture.ConnectAsync();
        var recorder = new StateRecorder(client);
        await client.DisposeAsync();
        Assert.Equal(ZooKeeperState.Closed, client.State);
        Assert.Contains(ZooKeeperState.Closed, recorder.States);
        Assert.Throws<ObjectDisposedException>(() => { _ = client.ExistsAsync("/"); });
        await client.DisposeAsync();
    }
}
