using Orleans.Coord.ZooKeeper.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static Orleans.Coord.ZooKeeper.Tests.Infrastructure.TestClients;

namespace Orleans.Coord.ZooKeeper.Tests;

[Collection(StandaloneServerCollection.Name)]
public sealed class SessionTests(StandaloneServerFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Ephemeral_nodes_vanish_as_soon_as_the_session_is_closed()
    {
        await using var observer = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(observer);
        var client = await fixture.ConnectAsync(sessionTimeout: TimeSpan.FromSeconds(30));
        var eph = await client.CreateAsync(root + "/eph", Bytes("x"), CreateMode.Ephemeral);
        var seq = await client.CreateAsync(root + "/seq-", Bytes("x"), CreateMode.EphemeralSequential);
        Assert.NotNull(await observer.ExistsAsync(eph));

        await client.DisposeAsync();

        // closeSession is acknowledged only after the ephemerals were deleted: no waiting for the 30 s timeout.
        Assert.Null(await observer.ExistsAsync(eph));
        Assert.Null(await observer.ExistsAsync(seq));
    }

    [Fact]
    public async Task Session_timeout_is_negotiated_within_the_server_bounds()
    {
        // The fixture's server allows 1 s to 30 s.
        await using var small = await fixture.ConnectAsync(sessionTimeout: TimeSpan.FromMilliseconds(200));
        Assert.Equal(TimeSpan.FromSeconds(1), small.SessionTimeout);
        await using var large = await fixture.ConnectAsync(sessionTimeout: TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.FromSeconds(30), large.SessionTimeout);

        // With a 2 s session and no requests, only the pings (every third of it) keep the session alive:
        // it must stay connected, without a single disconnect, for two session timeouts.
        await using var quiet = await TestClients.ConnectAsync(fixture.ConnectString, TimeSpan.FromSeconds(2), logger: new TestOutputLogger(output));
        var states = new StateRecorder(quiet);
        var eph = await quiet.CreateAsync("/negotiated-" + Guid.NewGuid().ToString("N"), ReadOnlyMemory<byte>.Empty, CreateMode.Ephemeral);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(4);
        while (DateTime.UtcNow < until)
        {
            Assert.Equal(ZooKeeperState.Connected, quiet.State);
            await Task.Delay(100);
        }

        Assert.DoesNotContain(ZooKeeperState.Disconnected, states.States);
        Assert.Equal(quiet.SessionId, (await large.ExistsAsync(eph))!.EphemeralOwner);
    }

    [Fact]
    public async Task Partitioned_client_loses_in_flight_requests_then_its_session_expires()
    {
        await using var proxy = new TcpProxy(fixture.Server.ClientPort);
        await using var observer = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(observer);
        var client = await TestClients.ConnectAsync(proxy.Address, TimeSpan.FromSeconds(2), logger: new TestOutputLogger(output));
        var states = new StateRecorder(client);
        Assert.Equal(TimeSpan.FromSeconds(2), client.SessionTimeout);
        var eph = await client.CreateAsync(root + "/eph", Bytes("x"), CreateMode.Ephemeral);
        var watchEnded = new TaskCompletionSource<WatchedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.GetDataAsync(root, e => { watchEnded.TrySetResult(e); return Task.CompletedTask; });

        // Network partition: bytes stop flowing, no FIN or RST reaches either side.
        proxy.Blackhole();
        var inFlight = client.GetDataAsync(root);
        var loss = await Assert.ThrowsAsync<ConnectionLossException>(() => inFlight.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(root, loss.Path);
        await Poll.UntilAsync(() => states.Saw(ZooKeeperState.Disconnected), TimeSpan.FromSeconds(5), "the client reports Disconnected");

        // The server stops hearing pings and expires the session: its ephemeral node goes away.
        await Poll.UntilAsync(async () => await observer.ExistsAsync(eph) is null, TimeSpan.FromSeconds(15), "the server expires the session");

        proxy.Restore();
        await Poll.UntilAsync(() => client.State == ZooKeeperState.Expired, TimeSpan.FromSeconds(15), "the client learns the session expired");
        await Poll.UntilAsync(() => states.Saw(ZooKeeperState.Expired), TimeSpan.FromSeconds(5), "the Expired event is delivered");
        Assert.Equal(ZooKeeperState.Expired, states.States[^1]);
        Assert.Equal(new WatchedEvent(WatchEventType.None, ZooKeeperState.Expired, null), await watchEnded.Task.WithTimeout(TimeSpan.FromSeconds(5), "the watch end event"));

        await Assert.ThrowsAsync<SessionExpiredException>(() => client.ExistsAsync(root));
        await Assert.ThrowsAsync<SessionExpiredException>(() => client.CreateAsync(root + "/again", ReadOnlyMemory<byte>.Empty));

        await client.DisposeAsync();
        Assert.Equal(ZooKeeperState.Closed, client.State);
    }

    [Fact]
    public async Task Dropped_connection_reconnects_with_the_same_session_and_rearms_watches()
    {
        await using var proxy = new TcpProxy(fixture.Server.ClientPort);
        await using var observer = await fixture.ConnectAsync();
        var root = await CreateTestRootAsync(observer);
        await using var client = TestClients.Create(proxy.Address, TimeSpan.FromSeconds(8), logger: new TestOutputLogger(output));
        var states = new StateRecorder(client);
        await client.ConnectAsync();
        var sessionId = client.SessionId;
        var eph = await client.CreateAsync(root + "/eph", Bytes("x"), CreateMode.Ephemeral);
        var dataChanged = new TaskCompletionSource<WatchedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var childCreated = new TaskCompletionSource<WatchedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.GetDataAsync(root, e => { dataChanged.TrySetResult(e); return Task.CompletedTask; });
        await client.ExistsAsync(root + "/later", e => { childCreated.TrySetResult(e); return Task.CompletedTask; });

        proxy.Reject();
        await Poll.UntilAsync(() => client.State == ZooKeeperState.Disconnected, TimeSpan.FromSeconds(5), "the client sees the connection drop");

        // Changes made while the client is away are reported after it re-arms its watches.
        await observer.SetDataAsync(root, Bytes("changed"));
        await observer.CreateAsync(root + "/later", ReadOnlyMemory<byte>.Empty);

        // A request made while disconnected waits for the reconnection instead of failing.
        var whileAway = client.GetDataAsync(root);
        proxy.Restore();

        await Poll.UntilAsync(() => client.State == ZooKeeperState.Connected, TimeSpan.FromSeconds(10), "the client reconnects");
        Assert.Equal(sessionId, client.SessionId);
        Assert.Equal("changed", Text((await whileAway.WaitAsync(TimeSpan.FromSeconds(10))).Data));
        Assert.Equal(WatchEventType.NodeDataChanged, (await dataChanged.Task.WithTimeout(TimeSpan.FromSeconds(10), "the re-armed data watch")).Type);
        Assert.Equal(WatchEventType.NodeCreated, (await childCreated.Task.WithTimeout(TimeSpan.FromSeconds(10), "the re-armed exists watch")).Type);
        Assert.Equal(sessionId, (await observer.ExistsAsync(eph))!.EphemeralOwner);
        await Poll.UntilAsync(() => states.States.Count == 3, TimeSpan.FromSeconds(5), "the state events are delivered");
        Assert.Equal(new[] { ZooKeeperState.Connected, ZooKeeperState.Disconnected, ZooKeeperState.Connected }, states.States);
    }

    [Fact]
    public async Task Connect_fails_within_the_connect_timeout_when_no_server_answers()
    {
        var deadPort = FreePort.Next();
        await using var client = new ZooKeeperClient(new ZooKeeperClientOptions
        {
            ConnectString = $"127.0.0.1:{deadPort}",
            ConnectTimeout = TimeSpan.FromSeconds(1),
        });
        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAsync<ConnectionLossException>(() => client.ConnectAsync());
        Assert.Contains("ConnectTimeout", ex.Message);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Requests_made_while_disconnected_fail_unsent_after_the_session_timeout()
    {
        await using var proxy = new TcpProxy(fixture.Server.ClientPort);
        await using var client = await TestClients.ConnectAsync(proxy.Address, TimeSpan.FromSeconds(2), logger: new TestOutputLogger(output));
        proxy.Reject();
        await Poll.UntilAsync(() => client.State == ZooKeeperState.Disconnected, TimeSpan.FromSeconds(5), "the client sees the connection drop");

        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAsync<ConnectionLossException>(() => client.ExistsAsync("/").WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("was not sent", ex.Message);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task Dispose_fails_requests_waiting_for_a_connection()
    {
        await using var proxy = new TcpProxy(fixture.Server.ClientPort);
        var client = await TestClients.ConnectAsync(proxy.Address, TimeSpan.FromSeconds(10));
        proxy.Reject();
        await Poll.UntilAsync(() => client.State == ZooKeeperState.Disconnected, TimeSpan.FromSeconds(5), "the client sees the connection drop");
        var waiting = client.GetDataAsync("/");

        await client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(ZooKeeperState.Closed, client.State);
    }
}
