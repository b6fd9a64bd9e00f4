using Orleans.Coord.Grains;
using Orleans.Coord.Locks;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Runtime;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Locks;

/// <summary>
/// The lock grain's request protocol as a client sees it when a grant push never arrives: the status re-check finds the
/// grant, and withdrawing a request that was granted meanwhile releases it (no orphan grant).
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class LockRequestTests(SharedClusterFixture fixture)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_grant_whose_push_is_lost_is_found_by_the_status_check_and_released_by_withdrawing()
    {
        var name = $"req-{Guid.NewGuid():N}";
        var client = fixture.ClientsBySilo[1];
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
        await using var b = await Coordinator.StartAsync(client, "b", new CoordinatorOptions());
        await using var c = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "c", new CoordinatorOptions());
        var held = await a.Locks.AcquireAsync(name, Long);

        // b's request goes to an observer that ignores every push, as if the push were lost.
        var deaf = new DeafWaiter();
        var deafReference = client.CreateObjectReference<ILeaseObserver>(deaf);
        var grain = client.GetGrain<ILockGrain>(name);
        var requestId = Guid.NewGuid();
        Assert.Equal(LockRequestStatus.Queued, await grain.EnqueueAsync(b.SessionId, "b", requestId, default, deafReference));
        Assert.Equal(LockRequestStatus.Queued, await grain.EnqueueAsync(b.SessionId, "b", requestId, default, deafReference));
        Assert.Equal(1, await grain.GetQueueLengthAsync());

        Assert.True(await held.ReleaseAsync());
        var status = await grain.GetRequestStatusAsync(requestId);
        Assert.Equal(LockRequestState.Granted, status.State);
        Assert.True(status.Token > held.FencingToken);
        Assert.Equal(("b", status.Token), ((await grain.GetHolderAsync())!.MemberId, (await grain.GetHolderAsync())!.Token));

        // The client gave up meanwhile: withdrawing releases the grant it never learned of.
        Assert.True(await grain.WithdrawAsync(b.SessionId, requestId, default));
        Assert.False(await grain.WithdrawAsync(b.SessionId, requestId, default));
        Assert.Equal(LockRequestStatus.Unknown, await grain.GetRequestStatusAsync(requestId));
        Assert.Null(await grain.GetHolderAsync());
        await using var later = await c.Locks.TryAcquireAsync(name);
        Assert.NotNull(later);
        Assert.True(later.FencingToken > status.Token);
        GC.KeepAlive(deaf);
    }

    [Fact]
    public async Task A_release_sent_again_after_its_answer_was_lost_is_answered_true_and_releases_nothing_else()
    {
        var name = $"req-{Guid.NewGuid():N}";
        var client = fixture.ClientsBySilo[1];
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
        await using var b = await Coordinator.StartAsync(client, "b", new CoordinatorOptions());
        var grain = client.GetGrain<ILockGrain>(name);
        var first = await a.Locks.AcquireAsync(name, Long);

        // The same release twice, as the client sends it when the first answer was lost in a silo crash.
        var release = Guid.NewGuid();
        Assert.True(await grain.ReleaseAsync(a.SessionId, release, default, first.FencingToken));
        Assert.True(await grain.ReleaseAsync(a.SessionId, release, default, first.FencingToken));

        // b holds now: a's repeat still answers true but leaves b's grant alone; a token a never released is false.
        var second = await b.Locks.AcquireAsync(name, Long);
        Assert.True(await grain.ReleaseAsync(a.SessionId, release, default, first.FencingToken));
        Assert.Equal(("b", second.FencingToken), ((await grain.GetHolderAsync())!.MemberId, (await grain.GetHolderAsync())!.Token));
        Assert.False(await grain.ReleaseAsync(a.SessionId, Guid.NewGuid(), default, second.FencingToken));
        Assert.False(await grain.ReleaseAsync(b.SessionId, Guid.NewGuid(), default, first.FencingToken));

        // Once a's session has ended, the grain has forgotten its release.
        await a.StopAsync();
        await Poll.UntilAsync(async () => !await grain.ReleaseAsync(a.SessionId, release, default, first.FencingToken), Long, "a's ended session is forgotten");
        Assert.True(await second.ReleaseAsync());
    }

    [Fact]
    public async Task A_second_release_of_a_released_grant_answers_false_on_every_kind_of_lease()
    {
        // A copy of a release (same request id) is answered as the first; a new release of the same grant is not a
        // copy: the grant is no longer held, so it answers false, as the grain interfaces say.
        var name = $"req-{Guid.NewGuid():N}";
        var client = fixture.ClientsBySilo[1];
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());

        var lockGrain = client.GetGrain<ILockGrain>(name);
        var held = await a.Locks.AcquireAsync(name, Long);
        var release = Guid.NewGuid();
        Assert.True(await lockGrain.ReleaseAsync(a.SessionId, release, default, held.FencingToken));
        Assert.True(await lockGrain.ReleaseAsync(a.SessionId, release, default, held.FencingToken));
        Assert.False(await lockGrain.ReleaseAsync(a.SessionId, Guid.NewGuid(), default, held.FencingToken));

        var semaphore = client.GetGrain<ISemaphoreGrain>(name);
        var permit = await a.Locks.Semaphores.AcquireAsync(name, 2, Long);
        Assert.True(await semaphore.ReleaseAsync(a.SessionId, release, default, permit.FencingToken));
        Assert.False(await semaphore.ReleaseAsync(a.SessionId, Guid.NewGuid(), default, permit.FencingToken));

        var election = client.GetGrain<IElectionGrain>(name);
        var leadership = await a.Elections.CampaignAsync(name, "a"u8.ToArray());
        Assert.True(await election.ResignAsync(a.SessionId, release, default, leadership.Term));
        Assert.True(await election.ResignAsync(a.SessionId, release, default, leadership.Term));
        Assert.False(await election.ResignAsync(a.SessionId, Guid.NewGuid(), default, leadership.Term));
    }

    [Fact]
    public async Task A_try_acquire_does_not_jump_the_queue()
    {
        var name = $"req-{Guid.NewGuid():N}";
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
        await using var b = await Coordinator.StartAsync(fixture.ClientsBySilo[1], "b", new CoordinatorOptions());
        await using var c = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "c", new CoordinatorOptions());
        var held = await a.Locks.AcquireAsync(name, Long);
        var waiting = b.Locks.AcquireAsync(name, Long);
        await Poll.UntilAsync(async () => await fixture.ClientsBySilo[0].GetGrain<ILockGrain>(name).GetQueueLengthAsync() == 1, Long, "b is queued");

        Assert.Null(await c.Locks.TryAcquireAsync(name));
        Assert.True(await held.ReleaseAsync());
        await using var handed = await waiting.WaitAsync(Long);
        Assert.Equal("b", (await c.Locks.GetHolderAsync(name))!.MemberId);
    }

    [Fact]
    public async Task Concurrent_requests_that_share_writes_still_get_one_holder_at_a_time()
    {
        // The grain takes in the calls that arrive while a write is in flight and persists them together; each call
        // must still see the one before it. Eight sessions try at once: exactly one gets the lock. Then all queue
        // at once, and they are granted one after another, each with a higher token.
        var name = $"req-{Guid.NewGuid():N}";
        var sessions = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Coordinator.StartAsync(fixture.ClientsBySilo[i % 3], $"s{i}", new CoordinatorOptions())));
        try
        {
            var tries = await Task.WhenAll(sessions.Select(s => s.Locks.TryAcquireAsync(name)));
            var winner = Assert.Single(tries, t => t is not null)!;
            var grain = fixture.ClientsBySilo[0].GetGrain<ILockGrain>(name);

            var waits = sessions.Where((_, i) => tries[i] is null).Select(s => s.Locks.AcquireAsync(name, Long)).ToArray();
            await Poll.UntilAsync(async () => await grain.GetQueueLengthAsync() == 7, Long, "seven requests are queued");
            var pending = waits.ToList();
            var last = winner.FencingToken;
            var holders = new List<string>();
            Assert.True(await winner.ReleaseAsync());
            while (pending.Count > 0)
            {
                var done = await Task.WhenAny(pending).WaitAsync(Long);
                pending.Remove(done);
                await using var handle = await done;
                var holder = await grain.GetHolderAsync();
                Assert.Equal(handle.FencingToken, holder!.Token);
                Assert.True(handle.FencingToken > last);
                Assert.DoesNotContain(pending, p => p.IsCompleted);
                Assert.Equal(pending.Count, await grain.GetQueueLengthAsync());
                last = handle.FencingToken;
                holders.Add(holder.MemberId);
                Assert.True(await handle.ReleaseAsync());
            }

            Assert.Equal(7, holders.Distinct().Count());
            Assert.Null(await grain.GetHolderAsync());
        }
        finally
        {
            await Task.WhenAll(sessions.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task A_break_ends_only_the_grants_it_names_and_a_repeat_gets_the_first_answer()
    {
        var name = $"req-{Guid.NewGuid():N}";
        var grain = fixture.ClientsBySilo[1].GetGrain<ILockGrain>(name);
        await using var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
        await using var b = await Coordinator.StartAsync(fixture.ClientsBySilo[2], "b", new CoordinatorOptions());

        // A break of a free lock, repeated after a grant: still "was free", and the holder keeps the lock.
        var onFree = Guid.NewGuid();
        Assert.False(await grain.BreakAsync(onFree, 0));
        var first = await a.Locks.AcquireAsync(name, Long);
        Assert.False(await grain.BreakAsync(onFree, 0));
        Assert.True(await a.Locks.IsStillOwnerAsync(name, first.FencingToken));

        // A break that names an older grant than the holder's breaks nothing.
        Assert.False(await grain.BreakAsync(Guid.NewGuid(), first.FencingToken - 1));
        Assert.True(await a.Locks.IsStillOwnerAsync(name, first.FencingToken));

        // A break of a hold, repeated after the next grant: still "broke it", and the next holder keeps the lock.
        var onHeld = Guid.NewGuid();
        Assert.True(await grain.BreakAsync(onHeld, first.FencingToken));
        Assert.False(await a.Locks.IsStillOwnerAsync(name, first.FencingToken));
        var second = await b.Locks.AcquireAsync(name, Long);
        Assert.True(await grain.BreakAsync(onHeld, first.FencingToken));
        Assert.True(await b.Locks.IsStillOwnerAsync(name, second.FencingToken));

        // Another break, then a third grant: a late copy of the first break (no longer the last one answered) finds only
        // a grant newer than the one it named, and breaks nothing.
        Assert.True(await a.Locks.BreakAsync(name));
        Assert.False(await b.Locks.IsStillOwnerAsync(name, second.FencingToken));
        await using var third = await a.Locks.AcquireAsync(name, Long);
        Assert.False(await grain.BreakAsync(onHeld, first.FencingToken));
        Assert.True(await a.Locks.IsStillOwnerAsync(name, third.FencingToken));
    }
}
