using Orleans.Coord.ZooKeeper.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using static Orleans.Coord.ZooKeeper.Tests.Infrastructure.TestClients;

namespace Orleans.Coord.ZooKeeper.Tests;

public sealed class EnsembleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Client_moves_to_another_server_with_its_session_when_its_server_is_killed()
    {
        var members = ZooKeeperServerProcess.CreateEnsemble(3);
        try
        {
            foreach (var member in members)
            {
                member.Start();
            }

            await Task.WhenAll(members.Select(m => m.WaitUntilServingAsync(TimeSpan.FromSeconds(90))));
            var connectString = string.Join(',', members.Select(m => m.Address));

            await using var client = await TestClients.ConnectAsync(connectString, TimeSpan.FromSeconds(10), logger: new TestOutputLogger(output));
            var sessionId = client.SessionId;
            var eph = await client.CreateAsync("/ensemble-eph", Bytes("x"), CreateMode.Ephemeral);
            var first = client.ConnectedServer;
            Assert.NotNull(first);
            var victim = members.Single(m => m.Address == first);

            output.WriteLine($"Killing {victim.Address} (pid {victim.Pid}), the server the client is connected to.");
            await victim.KillAsync();

            await Poll.UntilAsync(
                async () =>
                {
                    if (client.State != ZooKeeperState.Connected || client.ConnectedServer == first)
                    {
                        return false;
                    }

                    try
                    {
                        return (await client.ExistsAsync(eph))?.EphemeralOwner == sessionId;
                    }
                    catch (ConnectionLossException)
                    {
                        return false; // the survivors may still be electing a leader
                    }
                },
                TimeSpan.FromSeconds(30),
                "the client is connected to a surviving server with its session and ephemeral node");

            output.WriteLine($"Client moved to {client.ConnectedServer}.");
            Assert.Equal(sessionId, client.SessionId);
            Assert.NotEqual(first, client.ConnectedServer);

            // A writer on another survivor sees the ephemeral and the client's writes.
            var survivor = members.First(m => m != victim && m.Address != client.ConnectedServer);
            await using var other = await TestClients.ConnectAsync(survivor.Address);
            await client.SetDataAsync(eph, Bytes("moved"));
            await other.SyncAsync(eph);
            var data = await other.GetDataAsync(eph);
            Assert.Equal("moved", Text(data.Data));
            Assert.Equal(sessionId, data.Stat.EphemeralOwner);
        }
        finally
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }
    }
}
