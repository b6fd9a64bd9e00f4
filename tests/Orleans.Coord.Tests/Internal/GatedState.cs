using System.Collections.Concurrent;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Internal;

/// <summary>
/// A persistent state whose writes finish only when the test says so (or fail with the error it gives), and which
/// records what each write was asked to store. It stands in for the storage below the pipeline under test.
/// </summary>
internal sealed class GatedState<T>(T initial, Func<T, string> describe) : IPersistentState<T>
{
    private readonly ConcurrentQueue<TaskCompletionSource> _pending = new();
    private readonly ConcurrentQueue<string> _written = new();

    public T State { get; set; } = initial;

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    /// <summary>What each started write stored, in order.</summary>
    public IReadOnlyList<string> Written => _written.ToArray();

    public Task WriteStateAsync()
    {
        _written.Enqueue(describe(State));
        var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Enqueue(write);
        return write.Task;
    }

    /// <summary>Lets the oldest unfinished write succeed.</summary>
    public void Succeed()
    {
        Assert.True(_pending.TryDequeue(out var write), "a write is in flight");
        Etag = Guid.NewGuid().ToString("N");
        RecordExists = true;
        write.SetResult();
    }

    /// <summary>Makes the oldest unfinished write fail with <paramref name="error"/>.</summary>
    public void Fail(Exception error)
    {
        Assert.True(_pending.TryDequeue(out var write), "a write is in flight");
        write.SetException(error);
    }

    public Task ReadStateAsync() => Task.CompletedTask;

    public Task ClearStateAsync() => throw new NotSupportedException();
}
