using Orleans.Coord.ZooKeeper.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static Orleans.Coord.ZooKeeper.Tests.Infrastructure.TestClients;

namespace Orleans.Coord.ZooKeeper.Tests;

public sealed class ServerRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Session_survives_a_server_restart_within_the_timeout()
    {
        await using var server = ZooKeeperServerProcess.CreateStandalone();
        server.Start();
        await server.WaitUntilServingAsync(TimeSpan.FromSeconds(60));

        await using var client = TestClients.Create(server.Address, TimeSpan.FromSeconds(30), logger: new TestOutputLogger(output));
        var states = new StateRecorder(client);
        await client.ConnectAsync();
        var sessionId = client.SessionId;
        var eph = await client.CreateAsync("/restart-eph", Bytes("x"), CreateMode.Ephemeral);

        await server.KillAsync();
        await Poll.UntilAsync(() => client.State == ZooKeeperState.Disconnected, TimeSpan.FromSeconds(5), "the client sees the server die");
        var whileDown = client.ExistsAsync(eph);

        server.Start();
        await server.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
        await Poll.UntilAsync(() => client.State == ZooKeeperState.Connected, TimeSpan.FromSeconds(30), "the client reconnects");

        Assert.Equal(sessionId, client.SessionId);
        Assert.Equal(sessionId, (await whileDown.WaitAsync(TimeSpan.FromSeconds(30)))!.EphemeralOwner);
        await Poll.UntilAsync(() => states.States.Count == 3, TimeSpan.FromSeconds(5), "the state events are delivered");
        Assert.Equal(new[] { ZooKeeperState.Connected, ZooKeeperState.Disconnected, ZooKeeperState.Connected }, states.States);
        await client.SetDataAsync(eph, Bytes("after restart"));
        Assert.Equal("after restart", Text((await client.GetDataAsync(eph)).Data));
    }
}
