using System.Collections.Concurrent;
using Orleans.Coord.Locks;
using Orleans.Coord.Tests.Cli;
using Orleans.Runtime;
using Orleans.Streams;

namespace Orleans.Coord.Tests.Hosting;

/// <summary>
/// The silo program binds <c>Coordination:Locks</c>: a silo process on the localhost backend started with
/// <c>Coordination__Locks__PublishEvents=true</c> in its environment publishes a lock's grant and release on the lock's
/// stream, read by a cluster client of the test process.
/// </summary>
public sealed class SiloProgramLockOptionsTests(SiloProgramLockOptionsTests.LockStreamsSilo silo) : IClassFixture<SiloProgramLockOptionsTests.LockStreamsSilo>
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Lock_events_from_the_configuration_reach_the_lock_stream()
    {
        var name = $"configured-{Guid.NewGuid():N}";
        var events = new ConcurrentQueue<LockEvent>();
        var subscription = await silo.Client.GetStreamProvider(CoordConstants.StreamProviderName)
            .GetStream<LockEvent>(StreamId.Create(CoordConstants.LockStreamNamespace, name))
            .SubscribeAsync((e, _) =>
            {
                events.Enqueue(e);
                return Task.CompletedTask;
            });
        try
        {
            await using var session = await silo.StartSessionAsync("configured");
            var held = await session.Locks.AcquireAsync(name, Long);
            Assert.True(await held.ReleaseAsync());

            await Poll.UntilAsync(() => events.Count >= 2, Long, "the grant and the release arrive on the lock's stream");
            Assert.Equal([LockEventKind.Acquired, LockEventKind.Released], events.Select(e => e.Kind));
            Assert.All(events, e => Assert.Equal(held.FencingToken, e.Token));
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    /// <summary>A silo process on the localhost backend with lock streams turned on by an environment variable.</summary>
    public sealed class LockStreamsSilo : CliSilo
    {
        protected override Task<SiloProcess> StartSiloAsync()
        {
            var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
            var variables = new Dictionary<string, string> { ["Coordination__Locks__PublishEvents"] = "true" };
            return Task.FromResult(SiloProcess.Start(["--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}", "--http-port", "0", "--grpc-port", "0"], siloPort, gatewayPort, variables));
        }
    }
}
