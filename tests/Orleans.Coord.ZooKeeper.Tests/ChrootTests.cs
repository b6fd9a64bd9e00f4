using Orleans.Coord.ZooKeeper.Tests.Infrastructure;
using Xunit;
using static Orleans.Coord.ZooKeeper.Tests.Infrastructure.TestClients;

namespace Orleans.Coord.ZooKeeper.Tests;

[Collection(StandaloneServerCollection.Name)]
public sealed class ChrootTests(StandaloneServerFixture fixture)
{
    [Fact]
    public async Task Paths_are_relative_to_the_chroot_in_both_directions()
    {
        await using var plain = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(plain);
        await using var rooted = await fixture.ConnectAsync(chroot: root);
        Assert.Equal(root, rooted.ConnectString.Chroot);

        Assert.Equal("/a", await rooted.CreateAsync("/a", Bytes("x")));
        Assert.Equal("x", Text((await plain.GetDataAsync(root + "/a")).Data));

        var seq = await rooted.CreateAsync("/s-", Bytes("s"), CreateMode.EphemeralSequential);
        Assert.Matches("^/s-\\d{10}$", seq);
        Assert.NotNull(await plain.ExistsAsync(root + seq));

        Assert.Equal(new[] { "a", seq.TrimStart('/') }, (await rooted.GetChildrenAsync("/")).Children.Order());
        Assert.Equal(2, (await rooted.ExistsAsync("/"))!.NumChildren);

        var results = await rooted.MultiAsync(new[] { ZooKeeperOperation.Create("/m", Bytes("m")) });
        Assert.Equal("/m", results[0].CreatedPath);

        var watched = new TaskCompletionSource<WatchedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await rooted.GetDataAsync("/a", e => { watched.TrySetResult(e); return Task.CompletedTask; });
        await plain.SetDataAsync(root + "/a", Bytes("y"));
        var e = await watched.Task.WithTimeout(TimeSpan.FromSeconds(10), "the chrooted data watch");
        Assert.Equal("/a", e.Path);
        Assert.Equal(WatchEventType.NodeDataChanged, e.Type);

        var missing = await Assert.ThrowsAsync<NoNodeException>(() => rooted.GetDataAsync("/nope"));
        Assert.Equal("/nope", missing.Path);
    }
}
