using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Coord.Server.Internal;
using Orleans.Coord.Tests.Infrastructure;
using Orleans.Storage;

namespace Orleans.Coord.Tests.Internal;

/// <summary>
/// The group commit under the lock grain: bodies run one at a time on one scheduler (as in a grain activation), the
/// changes made while a write is in flight share the next write, nothing is answered before the write holding what
/// its body saw, a lazy change is answered at once, and a failed write fails every call that saw it.
/// </summary>
public sealed class CommitPipelineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TaskScheduler _activation = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
    private readonly GatedState<Tally> _storage = new(new Tally(), t => $"{t.Value}");
    private readonly CommitPipeline<Tally> _pipeline;
    private int _bodiesRun;

    public CommitPipelineTests() =>
        _pipeline = new CommitPipeline<Tally>(_storage, _storage.WriteStateAsync, Tally.Copy, NullLogger.Instance);

    [Fact]
    public async Task Changes_made_while_a_write_is_in_flight_share_the_next_write_and_are_answered_after_it()
    {
        var first = Add(1);
        await WritesStartedAsync(1);
        var during = Enumerable.Range(0, 4).Select(_ => Add(1)).ToArray();
        await BodiesRunAsync(5);

        Assert.Equal(["1"], _storage.Written);
        Assert.False(first.IsCompleted);
        _storage.Succeed();
        Assert.Equal(1, await first.WaitAsync(Patience));

        await WritesStartedAsync(2);
        Assert.Equal(["1", "5"], _storage.Written);
        Assert.All(during, call => Assert.False(call.IsCompleted));
        _storage.Succeed();
        var answers = await Task.WhenAll(during).WaitAsync(Patience);
        Assert.Equal([2, 3, 4, 5], answers);
        Assert.Equal(2, _storage.Written.Count);
    }

    [Fact]
    public async Task A_read_that_saw_an_unpersisted_change_waits_for_its_write_and_one_that_did_not_is_answered_at_once()
    {
        Assert.Equal(0, await Read().WaitAsync(Patience));
        var change = Add(7);
        await WritesStartedAsync(1);
        var read = Read();
        await BodiesRunAsync(3);

        Assert.False(read.IsCompleted);
        _storage.Succeed();
        Assert.Equal(7, await read.WaitAsync(Patience));
        Assert.Equal(7, await change.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_lazy_change_needs_no_write_of_its_own_to_be_answered_and_goes_with_the_next_write_or_soon_after()
    {
        // When idle, a lazy change is answered at once, and written on its own after the delay.
        Assert.Equal(1, await AddLazily(1).WaitAsync(Patience));
        await WritesStartedAsync(1);
        Assert.Equal(["1"], _storage.Written);
        _storage.Succeed();

        // During a write, it waits for what its body saw (that write), not for a write of its own, and shares the next one.
        var eager = Add(1);
        await WritesStartedAsync(2);
        var lazy = AddLazily(1);
        var next = Add(1);
        await BodiesRunAsync(4);
        _storage.Succeed();
        Assert.Equal(2, await eager.WaitAsync(Patience));
        Assert.Equal(3, await lazy.WaitAsync(Patience));
        await WritesStartedAsync(3);
        Assert.Equal(["1", "2", "4"], _storage.Written);
        Assert.False(next.IsCompleted);
        _storage.Succeed();
        Assert.Equal(4, await next.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_lazy_change_that_follows_one_written_with_another_change_is_still_written_on_its_own()
    {
        // Under contention one lazy change after another rides along with a write; the last one must not be left behind.
        for (var round = 1; round <= 3; round++)
        {
            Assert.Equal(2 * round - 1, await AddLazily(1).WaitAsync(Patience));
            var eager = Add(1);
            await WritesStartedAsync(round);
            _storage.Succeed();
            Assert.Equal(2 * round, await eager.WaitAsync(Patience));
        }

        Assert.Equal(7, await AddLazily(1).WaitAsync(Patience));
        await WritesStartedAsync(4);
        Assert.Equal(["2", "4", "6", "7"], _storage.Written);
        _storage.Succeed();
    }

    [Fact]
    public async Task A_failed_write_fails_every_call_that_saw_it_and_every_later_call_and_runs_none_of_its_actions()
    {
        var notified = new List<string>();
        var first = Add(1, () => notified.Add("first"));
        await WritesStartedAsync(1);
        var second = Add(1, () => notified.Add("second"));
        await BodiesRunAsync(2);

        _storage.Fail(new InconsistentStateException("another activation wrote first"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => first.WaitAsync(Patience));
        await Assert.ThrowsAsync<InconsistentStateException>(() => second.WaitAsync(Patience));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Read().WaitAsync(Patience));
        Assert.Equal(["1"], _storage.Written);
        Assert.Empty(notified);
    }

    [Fact]
    public async Task After_write_actions_run_in_their_order_once_their_write_succeeded()
    {
        var notified = new List<string>();
        var first = Add(1, () => notified.Add("a"), () => notified.Add("b"));
        await WritesStartedAsync(1);
        var second = Add(1, () => notified.Add("c"));
        await BodiesRunAsync(2);
        Assert.Empty(notified);

        _storage.Succeed();
        await first.WaitAsync(Patience);
        await Poll.UntilAsync(() => OnActivation(() => Task.FromResult(notified.Count == 2)), Patience, "the first write's actions ran");
        await WritesStartedAsync(2);
        _storage.Succeed();
        await second.WaitAsync(Patience);
        await Poll.UntilAsync(() => OnActivation(() => Task.FromResult(notified.Count == 3)), Patience, "the second write's action ran");
        Assert.Equal(["a", "b", "c"], notified);
    }

    [Fact]
    public async Task A_body_that_changes_the_state_and_then_throws_has_its_change_written_before_its_error_is_returned()
    {
        var failing = OnActivation(() => _pipeline.RunAsync<int>(async () =>
        {
            await Task.Yield();
            _pipeline.State.Value = 9;
            _pipeline.Changed();
            Interlocked.Increment(ref _bodiesRun);
            throw new ArgumentOutOfRangeException("permits", "must be 1 or more");
        }));
        await WritesStartedAsync(1);
        Assert.Equal(["9"], _storage.Written);
        Assert.False(failing.IsCompleted);
        _storage.Succeed();
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => failing.WaitAsync(Patience));
        Assert.Equal("permits", error.ParamName);
    }

    [Fact]
    public async Task What_may_be_stored_covers_the_last_stored_state_until_a_write_without_it_succeeds_and_everything_once_a_write_failed()
    {
        var stored = Add(5);
        await WritesStartedAsync(1);
        Assert.True(await MayBeStoredAsync(5));
        _storage.Succeed();
        await stored.WaitAsync(Patience);

        // Taken back in the working state and being written: until that write succeeds, 5 is what storage holds.
        var back = Add(-5);
        await WritesStartedAsync(2);
        Assert.True(await MayBeStoredAsync(5));
        Assert.True(await MayBeStoredAsync(0));
        _storage.Succeed();
        await back.WaitAsync(Patience);
        Assert.False(await MayBeStoredAsync(5));

        // A write that fails may or may not have been stored: from then on the activation cannot tell.
        var failed = Add(3);
        await WritesStartedAsync(3);
        _storage.Fail(new InconsistentStateException("another activation wrote first"));
        await Assert.ThrowsAsync<InconsistentStateException>(() => failed.WaitAsync(Patience));
        Assert.True(await MayBeStoredAsync(42));
    }

    private Task<bool> MayBeStoredAsync(int value) => OnActivation(() => Task.FromResult(_pipeline.MayBeStored(t => t.Value == value)));

    private Task<int> Add(int amount, params Action[] afterWrite) => OnActivation(() => _pipeline.RunAsync(async () =>
    {
        // A yield, as a body that awaits another grain would: no other body may run meanwhile.
        var before = _pipeline.State.Value;
        await Task.Yield();
        Assert.Equal(before, _pipeline.State.Value);
        _pipeline.State.Value = before + amount;
        _pipeline.Changed();
        foreach (var action in afterWrite)
        {
            _pipeline.AfterWrite(() =>
            {
                action();
                return Task.CompletedTask;
            });
        }

        Interlocked.Increment(ref _bodiesRun);
        return _pipeline.State.Value;
    }));

    private Task<int> AddLazily(int amount) => OnActivation(() => _pipeline.RunAsync(() =>
    {
        _pipeline.State.Value += amount;
        _pipeline.ChangedLazily();
        Interlocked.Increment(ref _bodiesRun);
        return Task.FromResult(_pipeline.State.Value);
    }));

    private Task<int> Read() => OnActivation(() => _pipeline.RunAsync(() =>
    {
        Interlocked.Increment(ref _bodiesRun);
        return Task.FromResult(_pipeline.State.Value);
    }));

    /// <summary>Runs on one exclusive scheduler, as grain code runs on its activation's.</summary>
    private Task<T> OnActivation<T>(Func<Task<T>> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None, _activation).Unwrap();

    private Task WritesStartedAsync(int count) =>
        Poll.UntilAsync(() => _storage.Written.Count >= count, Patience, $"{count} write(s) started");

    private Task BodiesRunAsync(int count) =>
        Poll.UntilAsync(() => Volatile.Read(ref _bodiesRun) >= count, Patience, $"{count} bod(ies) ran");

    private sealed class Tally
    {
        public int Value { get; set; }

        public static Tally Copy(Tally tally) => new() { Value = tally.Value };
    }
}
