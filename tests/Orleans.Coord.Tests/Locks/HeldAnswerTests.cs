using Orleans.Coord.Client;
using Orleans.Coord.Grains;
using Orleans.Coord.Locks;
using Orleans.Coord.Tests.Infrastructure;

namespace Orleans.Coord.Tests.Locks;

/// <summary>
/// The answer of an enqueue call whose request queued is held for a short window (docs/design.md, rule 5): a grant
/// made within it comes in the answer and is not pushed; a grant made after it, or after a copy of the call was
/// answered that the request waits, comes by push. Calls the lock grain directly, with an observer that records pushes.
/// </summary>
[Collection(SharedClusterCollection.Name)]
public sealed class HeldAnswerTests(SharedClusterFixture fixture)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_grant_made_while_the_answer_is_held_comes_in_the_answer_and_is_not_pushed()
    {
        await using var setup = await StartAsync();
        var (name, a, b, grain, recorder, observer) = setup;
        var held = await a.Locks.AcquireAsync(name, Long);

        var requestId = Guid.NewGuid();
        var answer = grain.EnqueueAsync(b.SessionId, "b", requestId, default, observer);
        await Poll.UntilAsync(async () => await grain.GetQueueLengthAsync() == 1, Long, "b's request is queued");
        Assert.True(await held.ReleaseAsync());

        var status = await answer.WaitAsync(Long);
        Assert.Equal(LockRequestState.Granted, status.State);
        Assert.True(status.Token > held.FencingToken);
        Assert.Equal(status.Token, (await grain.GetHolderAsync())!.Token);

        // A push sent after the grant (its break) arrives after any grant push would have: only the loss is recorded.
        Assert.True(await grain.BreakAsync(Guid.NewGuid(), status.Token));
        await Poll.UntilAsync(() => Task.FromResult(recorder.Pushes.Count > 0), Long, "the break is pushed");
        Assert.Equal(new[] { ("lost", requestId, status.Token) }, recorder.Pushes);
    }

    [Fact]
    public async Task A_grant_made_after_the_window_or_after_a_copy_was_answered_waiting_is_pushed()
    {
        await using var setup = await StartAsync();
        var (name, a, b, grain, recorder, observer) = setup;

        // The window passes while a holds: the answer says queued, and the grant that follows is pushed.
        var first = await a.Locks.AcquireAsync(name, Long);
        var late = Guid.NewGuid();
        Assert.Equal(LockRequestStatus.Queued, await grain.EnqueueAsync(b.SessionId, "b", late, default, observer).WaitAsync(Long));
        Assert.True(await first.ReleaseAsync());
        await Poll.UntilAsync(() => Task.FromResult(recorder.Pushes.Count == 1), Long, "the late grant is pushed");
        var pushed = Assert.Single(recorder.Pushes);
        Assert.Equal(("granted", late), (pushed.Kind, pushed.RequestId));
        Assert.True(await grain.ReleaseAsync(b.SessionId, Guid.NewGuid(), default, pushed.Token));

        // A copy of a held call is answered queued and ends the hold: both answers say queued, and the grant is pushed.
        var second = await a.Locks.AcquireAsync(name, Long);
        var copied = Guid.NewGuid();
        var original = grain.EnqueueAsync(b.SessionId, "b", copied, default, observer);
        await Poll.UntilAsync(async () => await grain.GetQueueLengthAsync() == 1, Long, "b's request is queued");
        Assert.Equal(LockRequestStatus.Queued, await grain.EnqueueAsync(b.SessionId, "b", copied, default, observer));
        Assert.True(await second.ReleaseAsync());
        Assert.Equal(LockRequestStatus.Queued, await original.WaitAsync(Long));
        await Poll.UntilAsync(() => Task.FromResult(recorder.Pushes.Count == 2), Long, "the copied request's grant is pushed");
        Assert.Equal(("granted", copied), (recorder.Pushes[1].Kind, recorder.Pushes[1].RequestId));
        Assert.Equal(recorder.Pushes[1].Token, (await grain.GetHolderAsync())!.Token);
    }

    [Fact]
    public async Task A_request_with_more_than_eight_requests_ahead_is_answered_at_once_and_its_grant_is_pushed()
    {
        await using var setup = await StartAsync();
        var (name, a, b, grain, recorder, observer) = setup;
        var held = await a.Locks.AcquireAsync(name, Long);

        // Nine requests wait ahead (their answers held); the tenth is answered queued without a hold.
        var ahead = Enumerable.Range(0, 9).Select(_ => Guid.NewGuid()).ToArray();
        var aheadAnswers = new List<Task<LockRequestStatus>>();
        foreach (var id in ahead)
        {
            aheadAnswers.Add(grain.EnqueueAsync(b.SessionId, "b", id, default, observer));
            await Poll.UntilAsync(async () => await grain.GetQueueLengthAsync() == aheadAnswers.Count, Long, "the request is queued");
        }

        var last = Guid.NewGuid();
        var lastAnswer = grain.EnqueueAsync(b.SessionId, "b", last, default, observer);
        await Poll.UntilAsync(async () => await grain.GetQueueLengthAsync() == 10, Long, "the tenth request is queued");

        // The tenth is granted next: had its answer been held, the grant would travel in it instead of a push.
        foreach (var id in ahead)
        {
            Assert.True(await grain.WithdrawAsync(b.SessionId, id, default));
        }

        Assert.True(await held.ReleaseAsync());
        Assert.Equal(LockRequestStatus.Queued, await lastAnswer.WaitAsync(Long));
        await Poll.UntilAsync(() => Task.FromResult(recorder.Pushes.Any(p => p.RequestId == last)), Long, "the tenth request's grant is pushed");
        Assert.Equal(("granted", last), (recorder.Pushes[^1].Kind, recorder.Pushes[^1].RequestId));
        Assert.Equal(recorder.Pushes[^1].Token, (await grain.GetHolderAsync())!.Token);
        Assert.All(await Task.WhenAll(aheadAnswers).WaitAsync(Long), answer => Assert.Equal(LockRequestStatus.Queued, answer));
    }

    /// <summary>Session a (holds the lock first) and session b, whose requests go straight to the grain with <see cref="PushRecorder"/>.</summary>
    private async Task<Setup> StartAsync()
    {
        var client = fixture.ClientsBySilo[1];
        var a = await Coordinator.StartAsync(fixture.ClientsBySilo[0], "a", new CoordinatorOptions());
        var b = await Coordinator.StartAsync(client, "b", new CoordinatorOptions());
        var name = $"held-{Guid.NewGuid():N}";
        var recorder = new PushRecorder();
        return new(name, a, b, client.GetGrain<ILockGrain>(name), recorder, client.CreateObjectReference<ILeaseObserver>(recorder));
    }

    private sealed record Setup(string Name, ICoordinator A, ICoordinator B, ILockGrain Grain, PushRecorder Recorder, ILeaseObserver Observer) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
    }
}
