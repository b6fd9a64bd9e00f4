using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Grains;
using Orleans.Coord.Server.Internal;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Orleans.Coord.Tests.Internal;

/// <summary>
/// The two halves of a session's request order: the client's <see cref="RequestSequencer"/> numbers requests and tells
/// each grain the lowest number still in flight to it, and the grain's <see cref="RequestLedger"/> refuses a request below
/// the highest floor it has seen, and remembers spent requests, and the last answered one, only until the floor passes
/// them.
/// </summary>
public sealed class RequestOrderTests
{
    private static readonly GrainId Lock = GrainId.Create("lock", "a");
    private static readonly GrainId Other = GrainId.Create("lock", "b");

    [Fact]
    public void The_floor_is_the_lowest_request_still_in_flight_to_the_grain_or_the_next_number()
    {
        var sequencer = new RequestSequencer();
        Assert.Equal(new RequestOrder(1, 1), sequencer.Current(Lock));

        var first = sequencer.Start(Lock);
        var elsewhere = sequencer.Start(Other);
        var second = sequencer.Start(Lock);
        Assert.Equal(new RequestOrder(1, 1), first.Order);
        Assert.Equal(new RequestOrder(3, 1), second.Order);
        Assert.Equal(new RequestOrder(2, 2), elsewhere.Order);

        // The first request settles: the second is the lowest in flight; the other grain's request does not hold it back.
        first.Dispose();
        Assert.Equal(new RequestOrder(3, 3), second.Order);
        second.Dispose();
        Assert.Equal(new RequestOrder(4, 4), sequencer.Current(Lock));
        Assert.Equal(new RequestOrder(2, 2), elsewhere.Order);
        elsewhere.Dispose();
        Assert.Equal(new RequestOrder(4, 4), sequencer.Current(Other));
    }

    [Fact]
    public void A_request_below_the_floor_is_spent_and_a_spent_request_is_kept_until_the_floor_passes_it()
    {
        var session = Guid.NewGuid();
        var (one, two, three) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var ledger = new RequestLedger();
        Assert.False(ledger.IsSpent(session, one, new RequestOrder(1, 1)));

        // Two requests in flight at once: the second ends first and is remembered, as the first still holds the floor.
        Assert.True(ledger.Spend(session, two, 2));
        Assert.False(ledger.Spend(session, two, 2));
        Assert.True(ledger.IsSpent(session, two, new RequestOrder(2, 1)));
        Assert.False(ledger.IsSpent(session, one, new RequestOrder(1, 1)));

        // The first ends too; the third request raises the floor past both: they are refused by their number and forgotten.
        Assert.True(ledger.Advance(session, 3));
        Assert.False(ledger.Advance(session, 2));
        Assert.True(ledger.IsSpent(session, one, new RequestOrder(1, 1)));
        Assert.True(ledger.IsSpent(session, two, new RequestOrder(2, 1)));
        Assert.False(ledger.IsSpent(session, three, new RequestOrder(3, 3)));
        Assert.Null(ledger.BySession[session].Spent);
        Assert.False(ledger.Spend(session, one, 1));

        // Another session's requests are its own.
        Assert.False(ledger.IsSpent(Guid.NewGuid(), one, new RequestOrder(1, 1)));
    }

    [Fact]
    public void The_last_answer_is_kept_until_the_floor_passes_it_and_an_unnumbered_one_until_the_session_ends()
    {
        var (session, release) = (Guid.NewGuid(), Guid.NewGuid());
        var ledger = new RequestLedger();
        ledger.Answer(session, release, 1, sequence: 2);

        // The release's own floor: it may still be in flight, and a copy gets its answer.
        Assert.True(ledger.Advance(session, 2));
        Assert.True(ledger.TryGetAnswer(session, release, out var answer));
        Assert.Equal(1, answer);

        // A later request's floor passes it: the client has its answer, and the ledger forgets it.
        Assert.True(ledger.Advance(session, 3));
        Assert.False(ledger.TryGetAnswer(session, release, out _));
        Assert.Equal(new LedgerEntry(null, 0, 3, null), ledger.BySession[session]);

        // An answer without a number (an unordered caller's) is kept whatever the floor.
        var unordered = Guid.NewGuid();
        ledger.Answer(session, unordered, 1);
        Assert.True(ledger.Advance(session, 9));
        Assert.True(ledger.TryGetAnswer(session, unordered, out _));
    }

    [Fact]
    public void A_session_that_waits_after_its_release_keeps_only_its_floor_and_its_entry_stays_small()
    {
        // The grain's ledger steps for one round of a contended lock, with the orders a session's sequencer gives them:
        // the acquire, its release, then the next acquire, which waits.
        var sequencer = new RequestSequencer();
        var (session, ledger) = (Guid.NewGuid(), new RequestLedger());
        var acquire = sequencer.Start(Lock);
        var (acquireId, acquireSequence) = (Guid.NewGuid(), acquire.Sequence);
        ledger.Advance(session, acquire.Order.Floor);
        acquire.Dispose();

        var release = sequencer.Start(Lock);
        ledger.Released(session, Guid.NewGuid(), release.Order, acquireId, acquireSequence);
        Assert.False(ledger.Spend(session, acquireId, acquireSequence));
        release.Dispose();

        using var next = sequencer.Start(Lock);
        ledger.Advance(session, next.Order.Floor);
        Assert.Equal(new LedgerEntry(null, 0, next.Sequence, null), ledger.BySession[session]);

        // 256 such sessions, as the ledger of a lock with 256 waiting sessions is written with every handoff: at most 36
        // bytes each (the session's id takes 17), where an entry that kept the release's id and answer takes 15 more.
        var full = new RequestLedger();
        for (var i = 0; i < 256; i++)
        {
            full.BySession[Guid.NewGuid()] = ledger.BySession[session] with { Floor = 1_000_000 + i };
        }

        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var size = services.GetRequiredService<Serializer>().SerializeToArray(full).Length;
        Assert.True(size <= 256 * 36, $"{size} bytes");
    }

    [Fact]
    public void Unordered_requests_are_each_remembered_until_the_session_ends()
    {
        var session = Guid.NewGuid();
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        var ledger = new RequestLedger();
        foreach (var id in ids)
        {
            Assert.True(ledger.Spend(session, id, 0));
        }

        Assert.All(ids, id => Assert.True(ledger.IsSpent(session, id, default)));
        Assert.False(ledger.IsSpent(session, Guid.NewGuid(), default));
        Assert.True(ledger.Forget(session));
        Assert.All(ids, id => Assert.False(ledger.IsSpent(session, id, default)));
    }
}
