using System.Collections.Concurrent;
using Orleans.Coord.Locks;
using Orleans.Runtime;

namespace Orleans.Coord.Locks;

/// <summary>
/// The one observer object of a session for all its locks: completes the waiting requests the lock grains grant and
/// tells handles that their hold was lost. The lock coordinator keeps it strongly referenced.
/// </summary>
internal sealed class LockWaiter : ILockWaiter
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<long>> _pending = new();
    private readonly ConcurrentDictionary<(GrainId Grain, long Token), LockHandle> _handles = new();

    // Grants lost before their handle existed (a break racing with the grant): the handle is told as it is tracked.
    private readonly ConcurrentDictionary<(GrainId Grain, long Token), bool> _lostEarly = new();

    public Task<long> Register(Guid requestId)
    {
        var granted = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[requestId] = granted;
        return granted.Task;
    }

    public void Unregister(Guid requestId) => _pending.TryRemove(requestId, out _);

    public void Track(LockHandle handle)
    {
        var key = (handle.GrainId, handle.FencingToken);
        _handles[key] = handle;
        if (_lostEarly.TryRemove(key, out _) && _handles.TryRemove(key, out var lost))
        {
            lost.MarkLost();
        }
    }

    public void Untrack(LockHandle handle) => _handles.TryRemove(new KeyValuePair<(GrainId, long), LockHandle>((handle.GrainId, handle.FencingToken), handle));

    public Task Granted(GrainId lockGrain, Guid requestId, long token)
    {
        if (_pending.TryGetValue(requestId, out var granted))
        {
            granted.TrySetResult(token);
        }

        return Task.CompletedTask;
    }

    public Task Lost(GrainId lockGrain, long token, string reason)
    {
        var key = (lockGrain, token);
        if (_handles.TryRemove(key, out var handle))
        {
            handle.MarkLost();
            return Task.CompletedTask;
        }

        _lostEarly[key] = true;
        if (_handles.TryRemove(key, out handle))
        {
            _lostEarly.TryRemove(key, out _);
            handle.MarkLost();
        }

        return Task.CompletedTask;
    }
}
