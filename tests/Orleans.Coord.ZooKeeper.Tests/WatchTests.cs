using System.Collections.Concurrent;
using Orleans.Coord.ZooKeeper.Tests.Infrastructure;
using Xunit;
using static Orleans.Coord.ZooKeeper.Tests.Infrastructure.TestClients;

namespace Orleans.Coord.ZooKeeper.Tests;

[Collection(StandaloneServerCollection.Name)]
public sealed class WatchTests(StandaloneServerFixture fixture)
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Data_watch_fires_once_on_change()
    {
        await using var client = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);
        var events = new ConcurrentQueue<WatchedEvent>();
        Task Watcher(WatchedEvent e)
        {
            events.Enqueue(e);
            return Task.CompletedTask;
        }

        await client.GetDataAsync(root, Watcher);
        await client.SetDataAsync(root, Bytes("1"));
        await Poll.UntilAsync(() => events.Count == 1, EventTimeout, "the data watch fires");
        var e = Assert.Single(events);
        Assert.Equal(new WatchedEvent(WatchEventType.NodeDataChanged, ZooKeeperState.Connected, root), e);

        // One-shot: a second change is not reported until the watch is set again.
        await client.SetDataAsync(root, Bytes("2"));
        await client.SetDataAsync(root, Bytes("3"), -1);
        await client.SyncAsync(root);
        await client.ExistsAsync(root); // a round trip after the changes: any notification would have arrived before its reply
        Assert.Single(events);

        await client.ExistsAsync(root, Watcher);
        await client.DeleteAsync(root);
        await Poll.UntilAsync(() => events.Count == 2, EventTimeout, "the exists watch fires on delete");
        Assert.Equal(WatchEventType.NodeDeleted, events.Last().Type);
    }

    [Fact]
    public async Task Exists_watch_on_missing_node_fires_on_creation()
    {
        await using var client = await fixture.ConnectAsync();
        await using var other = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);
        var fired = new TaskCompletionSource<WatchedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);

        Assert.Null(await client.ExistsAsync(root + "/later", e => { fired.TrySetResult(e); return Task.CompletedTask; }));
        await other.CreateAsync(root + "/later", Bytes("x"));

        var e = await fired.Task.WithTimeout(EventTimeout, "the exists watch");
        Assert.Equal(WatchEventType.NodeCreated, e.Type);
        Assert.Equal(root + "/later", e.Path);
    }

    [Fact]
    public async Task Child_watch_fires_on_child_change_and_data_watch_on_delete()
    {
        await using var client = await fixture.ConnectAsync();
        await using var other = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);
        var childEvent = new TaskCompletionSource<WatchedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var dataEvent = new TaskCompletionSource<WatchedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);

        await client.CreateAsync(root + "/c1", ReadOnlyMemory<byte>.Empty);
        Assert.Equal(new[] { "c1" }, (await client.GetChildrenAsync(root, e => { childEvent.TrySetResult(e); return Task.CompletedTask; })).Children);
        await client.GetDataAsync(root + "/c1", e => { dataEvent.TrySetResult(e); return Task.CompletedTask; });

        await other.CreateAsync(root + "/c2", ReadOnlyMemory<byte>.Empty);
        var child = await childEvent.Task.WithTimeout(EventTimeout, "the child watch");
        Assert.Equal(new WatchedEvent(WatchEventType.NodeChildrenChanged, ZooKeeperState.Connected, root), child);

        await other.DeleteAsync(root + "/c1");
        var data = await dataEvent.Task.WithTimeout(EventTimeout, "the data watch on delete");
        Assert.Equal(new WatchedEvent(WatchEventType.NodeDeleted, ZooKeeperState.Connected, root + "/c1"), data);
    }

    [Fact]
    public async Task Events_are_delivered_in_order_one_at_a_time()
    {
        await using var client = await fixture.ConnectAsync();
        await using var other = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);
        const int count = 20;
        var paths = Enumerable.Range(0, count).Select(i => $"{root}/n{i:D2}").ToArray();
        foreach (var path in paths)
        {
            await client.CreateAsync(path, ReadOnlyMemory<byte>.Empty);
        }

        var received = new ConcurrentQueue<string>();
        var running = 0;
        var overlapped = false;
        async Task Watcher(WatchedEvent e)
        {
            if (Interlocked.Increment(ref running) > 1)
            {
                overlapped = true;
            }

            await Task.Delay(5);
            received.Enqueue(e.Path!);
            Interlocked.Decrement(ref running);
        }

        // Register in reverse order; the events must follow the order of the changes, not of the registrations.
        foreach (var path in paths.Reverse())
        {
            await client.GetDataAsync(path, Watcher);
        }

        foreach (var path in paths)
        {
            await other.SetDataAsync(path, Bytes("changed"));
        }

        await Poll.UntilAsync(() => received.Count == count, EventTimeout, "all data watches fire");
        Assert.Equal(paths, received.ToArray());
        Assert.False(overlapped, "watch callbacks ran concurrently");
    }

    [Fact]
    public async Task Same_watcher_on_one_node_fires_once_per_event()
    {
        await using var client = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);
        var count = 0;
        Task Watcher(WatchedEvent e)
        {
            Interlocked.Increment(ref count);
            return Task.CompletedTask;
        }

        await client.GetDataAsync(root, Watcher);
        await client.ExistsAsync(root, Watcher);
        await client.SetDataAsync(root, Bytes("x"));
        await Poll.UntilAsync(() => Volatile.Read(ref count) >= 1, EventTimeout, "the watch fires");
        await client.SyncAsync(root);
        await client.ExistsAsync(root);
        Assert.Equal(1, Volatile.Read(ref count));
    }

    [Fact]
    public async Task Pending_watches_end_with_a_closed_event_on_dispose()
    {
        var client = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(client);
        var fired = new TaskCompletionSource<WatchedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.GetDataAsync(root, e => { fired.TrySetResult(e); return Task.CompletedTask; });
        await client.DisposeAsync();
        var e = await fired.Task.WithTimeout(EventTimeout, "the closed event");
        Assert.Equal(new WatchedEvent(WatchEventType.None, ZooKeeperState.Closed, null), e);
    }

    [Fact]
    public async Task Thousands_of_watches_are_rearmed_after_a_reconnect()
    {
        await using var proxy = new TcpProxy(fixture.Server.ClientPort);
        await using var observer = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(observer);
        await using var client = await TestClients.ConnectAsync(proxy.Address, TimeSpan.FromSeconds(10));

        // About 200 KB of watched paths: more than one SetWatches batch.
        const int count = 2000;
        var paths = Enumerable.Range(0, count).Select(i => $"{root}/{new string('w', 80)}-{i:D4}").ToArray();
        await Task.WhenAll(paths.Select(p => observer.CreateAsync(p, ReadOnlyMemory<byte>.Empty)));
        var fired = new ConcurrentDictionary<string, WatchEventType>();
        Task Watcher(WatchedEvent e)
        {
            fired[e.Path!] = e.Type;
            return Task.CompletedTask;
        }

        await Task.WhenAll(paths.Select(p => client.GetDataAsync(p, Watcher)));

        proxy.Reject();
        await Poll.UntilAsync(() => client.State == ZooKeeperState.Disconnected, TimeSpan.FromSeconds(5), "the client sees the connection drop");
        await Task.WhenAll(paths.Select(p => observer.SetDataAsync(p, Bytes("x"))));
        proxy.Restore();

        await Poll.UntilAsync(() => fired.Count == count, TimeSpan.FromSeconds(20), "every re-armed watch fires");
        Assert.All(fired.Values, t => Assert.Equal(WatchEventType.NodeDataChanged, t));
    }
}
