using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Coord.Client;
using Orleans.Coord.Client.Watching;
using Orleans.Coord.Grains;
using Orleans.Coord.Groups;
using Orleans.Coord.Tests.Infrastructure;

namespace Orleans.Coord.Tests.Watching;

/// <summary>
/// The push registration a client's watches of one grain share, against a real group grain: version checks within the
/// fresh window share one renewal, many readers renew once per resync interval, and after its end a version check
/// reads the version without registering again.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class PushRegistrationSharingTests(SharedClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Checks_share_a_fresh_renewal_and_many_readers_renew_once_per_interval()
    {
        var client = fixture.ClientOnSilo(0);
        var group = $"renew-{Guid.NewGuid():N}";
        var options = new CoordinatorOptions { WatchResyncInterval = TimeSpan.FromSeconds(2), SessionTtl = TimeSpan.FromMinutes(5) };
        await using var coordinator = await Coordinator.StartAsync(client, "renewer", options);
        var session = ((Coordinator)coordinator).Session;
        await coordinator.Groups.CreateAsync(group);
        var grain = new CountingWatchableGrain<GroupEvent, GroupSnapshot>(client.GetGrain<IGroupGrain>(group));
        var pushed = new ConcurrentQueue<GroupEvent>();
        var registration = new PushRegistration<GroupEvent, GroupSnapshot>(client, grain, pushed.Enqueue, NullLogger.Instance);
        try
        {
            var versions = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => registration.RenewAsync(session, TimeSpan.FromMinutes(1), CancellationToken.None)));
            Assert.All(versions, v => Assert.Equal(0, v));
            Assert.Equal(1, grain.Watches);

            await coordinator.Groups.JoinAsync(group);
            await Poll.UntilAsync(() => !pushed.IsEmpty, Patience, "the join is pushed to the one registration");
            Assert.Equal(1, grain.Watches);

            // Fifty readers ask at every poll; the renewal comes once the interval has passed, and only once.
            await Poll.UntilAsync(
                () =>
                {
                    for (var i = 0; i < 50; i++)
                    {
                        registration.RenewIfDue(session);
                    }

                    return grain.Watches >= 2;
                },
                Patience,
                "a renewal after one resync interval");
            Assert.Equal(2, grain.Watches);
        }
        finally
        {
            await registration.DisposeAsync();
        }

        Assert.Equal(1, grain.Unwatches);
        Assert.Equal(1, await registration.RenewAsync(session, TimeSpan.Zero, CancellationToken.None));
        registration.RenewIfDue(session);
        Assert.Equal(2, grain.Watches);
    }
}
