using Orleans.Coord.Client.Internal;
using Orleans.Runtime;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Internal;

/// <summary>
/// The client's call retry on its own, driven by calls whose outcome each test decides: which failures send a call
/// again, that a slow first copy still counts, that the grain's own errors and the end of the window are final.
/// </summary>
public sealed class GrainCallRetryTests
{
    private static readonly CoordinatorOptions Options = new() { SessionTtl = TimeSpan.FromSeconds(1), CallTimeout = TimeSpan.FromMilliseconds(100) };

    [Fact]
    public async Task A_copy_that_gets_no_answer_is_sent_again_and_the_second_answer_is_the_result()
    {
        var copies = new List<TaskCompletionSource<int>>();
        var call = Scripted(copies, copy => copy == 0 ? null : copy);

        Assert.Equal(1, await GrainCallRetry.RunRepeatableAsync(call, Options, CancellationToken.None));
        Assert.Equal(2, copies.Count);
    }

    [Fact]
    public async Task A_slow_first_answer_still_counts_after_a_second_copy_was_sent()
    {
        var first = new TaskCompletionSource<int>();
        var sent = 0;
        var result = GrainCallRetry.RunRepeatableAsync(() => Interlocked.Increment(ref sent) == 1 ? first.Task : new TaskCompletionSource<int>().Task, Options, CancellationToken.None);

        await Poll.UntilAsync(() => Volatile.Read(ref sent) >= 2, TimeSpan.FromSeconds(10), "a second copy is sent");
        first.SetResult(7);

        Assert.Equal(7, await result.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_rejected_copy_is_sent_again()
    {
        var sent = 0;
        var result = await GrainCallRetry.RunRepeatableAsync(
            () => Interlocked.Increment(ref sent) < 3 ? Task.FromException<int>(new SiloUnavailableException("gone")) : Task.FromResult(3),
            Options,
            CancellationToken.None);

        Assert.Equal(3, result);
        Assert.Equal(3, sent);
    }

    [Fact]
    public async Task The_grains_own_error_is_thrown_at_once_without_a_second_copy()
    {
        var sent = 0;
        var call = () =>
        {
            Interlocked.Increment(ref sent);
            return Task.FromException<int>(new NotLeaderException("e", "m", 1));
        };

        await Assert.ThrowsAsync<NotLeaderException>(() => GrainCallRetry.RunRepeatableAsync(call, Options, CancellationToken.None));
        Assert.Equal(1, sent);
    }

    [Fact]
    public async Task When_every_copy_is_rejected_the_rejection_is_thrown_after_one_session_ttl()
    {
        var started = DateTime.UtcNow;

        await Assert.ThrowsAsync<SiloUnavailableException>(() => GrainCallRetry.RunRepeatableAsync(
            () => Task.FromException<int>(new SiloUnavailableException("gone")), Options, CancellationToken.None));
        Assert.InRange(DateTime.UtcNow - started, Options.SessionTtl, Options.SessionTtl + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Cancellation_ends_the_wait_for_an_unanswered_call()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => GrainCallRetry.RunRepeatableAsync(
            () => new TaskCompletionSource<int>().Task, Options, cancel.Token));
    }

    [Fact]
    public async Task A_call_that_must_not_be_repeated_is_sent_once_even_when_rejected()
    {
        var sent = 0;
        var call = () =>
        {
            Interlocked.Increment(ref sent);
            return Task.FromException<int>(new SiloUnavailableException("gone"));
        };

        await Assert.ThrowsAsync<SiloUnavailableException>(() => GrainCallRetry.RunAsync(call, Options, CancellationToken.None));
        Assert.Equal(1, sent);
    }

    /// <summary>A call whose copy number n answers <c>answer(n)</c>, or never when that is null.</summary>
    private static Func<Task<int>> Scripted(List<TaskCompletionSource<int>> copies, Func<int, int?> answer) => () =>
    {
        var copy = new TaskCompletionSource<int>();
        int index;
        lock (copies)
        {
            index = copies.Count;
            copies.Add(copy);
        }

        if (answer(index) is { } value)
        {
            copy.SetResult(value);
        }

        return copy.Task;
    };
}
