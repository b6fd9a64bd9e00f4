using Orleans.Coord.Grains;
using Orleans.Coord.Server.Leases;

namespace Orleans.Coord.Tests.Locks;

/// <summary>
/// What a lease queue's write stores: the grants, the counters and the ledger whole, and the waiting requests only from
/// the head of the queue up to <see cref="LeaseQueueState.StoredWaiters"/>, so that a handoff's write does not grow
/// with the queue (the places behind are queued again by their waiters' re-checks after a crash).
/// </summary>
public sealed class LeaseQueueStateTests
{
    [Fact]
    public void A_copy_keeps_every_waiter_of_a_short_queue()
    {
        var state = StateWith(LeaseQueueState.StoredWaiters);

        var copy = state.Copy();

        Assert.Equal(state.Waiters, copy.Waiters);
        Assert.NotSame(state.Waiters, copy.Waiters);
    }

    [Fact]
    public void A_copy_of_a_long_queue_keeps_its_head_in_order_and_leaves_the_original_whole()
    {
        var state = StateWith(LeaseQueueState.StoredWaiters + 5);

        var copy = state.Copy();

        Assert.Equal(state.Waiters.Take(LeaseQueueState.StoredWaiters), copy.Waiters);
        Assert.Equal(LeaseQueueState.StoredWaiters + 5, state.Waiters.Count);
        Assert.Equal((state.LastToken, state.Version, state.Holders.Single()), (copy.LastToken, copy.Version, copy.Holders.Single()));
        Assert.True(copy.Ledger.IsSpent(state.Holders[0].SessionId, state.Holders[0].RequestId, new RequestOrder(1, 0)));

        copy.Waiters.RemoveAt(0);
        Assert.Equal(LeaseQueueState.StoredWaiters + 5, state.Waiters.Count);
    }

    private static LeaseQueueState StateWith(int waiters)
    {
        var holder = new LeaseRequest(Guid.NewGuid(), Guid.NewGuid(), "holder", 1, null, Order: new RequestOrder(1, 0));
        var state = new LeaseQueueState { Capacity = 1, LastToken = 7, Version = 3 };
        state.Holders.Add(Lease.Of(holder, 7, DateTimeOffset.UnixEpoch));
        state.Ledger.Spend(holder.SessionId, holder.RequestId, 1);
        for (var i = 0; i < waiters; i++)
        {
            state.Waiters.Add(new LeaseRequest(Guid.NewGuid(), Guid.NewGuid(), $"w{i}", 1, null));
        }

        return state;
    }
}
