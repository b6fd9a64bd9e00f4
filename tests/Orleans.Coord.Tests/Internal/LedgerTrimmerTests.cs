using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Coord.Client;
using Orleans.Coord.Grains;
using Orleans.Coord.Server.Internal;
using Orleans.Coord.Tests.Infrastructure;

namespace Orleans.Coord.Tests.Internal;

/// <summary>
/// A grain's request ledger, trimmed against the real session grains of the shared cluster: below the threshold
/// nothing is asked; past it, the entries of sessions that are not alive and have nothing in the grain go, while those
/// of live sessions, of sessions still involved, and the administrative entry stay.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class LedgerTrimmerTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task Past_the_threshold_only_the_entries_of_dead_uninvolved_sessions_go()
    {
        var client = fixture.ClientsBySilo[0];
        await using var live = await Coordinator.StartAsync(client, "live");
        var ended = await Coordinator.StartAsync(client, "ended");
        await ended.StopAsync();
        var involvedDead = Guid.NewGuid();
        var neverStarted = Enumerable.Range(0, LedgerTrimmer.FirstCheckAbove).Select(_ => Guid.NewGuid()).ToArray();
        var ledger = new RequestLedger();
        ledger.Answer(RequestLedger.Administrative, Guid.NewGuid(), 1);
        foreach (var id in neverStarted.Append(live.SessionId).Append(ended.SessionId).Append(involvedDead))
        {
            ledger.Spend(id, Guid.NewGuid(), 0);
        }

        var trimmer = new LedgerTrimmer(client, NullLogger.Instance, client.GetGrain<ILockGrain>("ledger-owner").GetGrainId());
        var small = new RequestLedger();
        small.Spend(Guid.NewGuid(), Guid.NewGuid(), 0);
        Assert.False(await trimmer.TrimAsync(small, _ => false));
        Assert.Single(small.BySession);

        Assert.True(await trimmer.TrimAsync(ledger, id => id == involvedDead));

        Assert.Equal(
            new[] { RequestLedger.Administrative, live.SessionId, involvedDead }.Order(),
            ledger.BySession.Keys.Order());
        await ended.DisposeAsync();
    }
}
