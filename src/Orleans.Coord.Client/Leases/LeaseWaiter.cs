using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Grains;
using Orleans.Runtime;

namespace Orleans.Coord.Client.Leases;

/// <summary>
/// The one observer object of a session for every grain that grants it leases. It completes the requests the session
/// waits for, tells handles that their grant was lost, and gives back at once a grant that nobody waits for (a late copy
/// of a request the session gave up on was granted), so that no grant outlives its requester's interest. It remembers a
/// request only while the request is in flight and a grant only while its handle holds it.
/// </summary>
internal sealed partial class LeaseWaiter(SessionContext session) : ILeaseObserver
{
    private readonly ILogger _logger = session.LoggerFactory.CreateLogger<LeaseWaiter>();
    private readonly ConcurrentDictionary<Guid, PendingLease> _pending = new();
    private readonly ConcurrentDictionary<(GrainId Grain, long Token), LeaseHandle> _handles = new();

    /// <summary>How many requests and grants it remembers (for tests: nothing outlives its request or its handle).</summary>
    internal int Remembered => _pending.Count + _handles.Count;

    /// <summary>Starts listening for the request's grant and loss; call before the request's first call.</summary>
    public PendingLease Register(Guid requestId) => _pending[requestId] = new PendingLease();

    /// <summary>Stops listening for the request: it got its handle, or was given up and withdrawn.</summary>
    public void Unregister(Guid requestId) => _pending.TryRemove(requestId, out _);

    /// <summary>Tracks a new handle; marks it lost at once when its grant was lost before it was made.</summary>
    public void Track(LeaseHandle handle, PendingLease pending)
    {
        _handles[(handle.GrainId, handle.FencingToken)] = handle;
        if (pending.WasLost(handle.FencingToken) && _handles.TryRemove((handle.GrainId, handle.FencingToken), out var lost))
        {
            lost.MarkLost();
        }
    }

    /// <summary>Stops tracking a handle whose grant ended by its own release.</summary>
    public void Untrack(LeaseHandle handle) =>
        _handles.TryRemove(new KeyValuePair<(GrainId, long), LeaseHandle>((handle.GrainId, handle.FencingToken), handle));

    public Task Granted(GrainId grain, Guid requestId, long token)
    {
        if (_pending.TryGetValue(requestId, out var pending))
        {
            pending.Grant(token);
        }
        else if (!_handles.ContainsKey((grain, token)))
        {
            // Nobody waits for it and no handle holds it: a late copy of a request given up on was granted.
            LogGivingBack(grain, requestId);
            _ = WithdrawAsync(grain, requestId, session.Requests.Current(grain));
        }

        return Task.CompletedTask;
    }

    public Task Lost(GrainId grain, Guid requestId, long token, string reason)
    {
        if (_handles.TryRemove((grain, token), out var handle))
        {
            handle.MarkLost();
        }
        else if (_pending.TryGetValue(requestId, out var pending))
        {
            // The handle may not be made yet: it is marked lost as it is tracked, or here if it was tracked meanwhile.
            pending.Lose(token);
            if (_handles.TryRemove((grain, token), out handle))
            {
                handle.MarkLost();
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Withdraws a request the session gave up on, which also ends its grant if it got one; a withdrawal that fails is
    /// tried again in the background until it succeeds or the session ends. Completes after the first attempt.
    /// </summary>
    /// <param name="grain">The grain the request went to.</param>
    /// <param name="requestId">The request.</param>
    /// <param name="order">The request's order as it was sent (a grant given back sends the grain's floor instead).</param>
    public Task WithdrawAsync(GrainId grain, Guid requestId, RequestOrder order)
    {
        var target = session.Grains.Reference<ILeaseGrain>(grain);
        return UntilSessionEnds.TryAsync(session, () => target.WithdrawAsync(session.SessionId, requestId, order), (ex, again) => LogWithdrawFailed(ex, grain, requestId, again));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Grain} granted request {RequestId}, which nobody waits for any more; giving it back")]
    private partial void LogGivingBack(GrainId grain, Guid requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Withdrawing request {RequestId} at {Grain} failed (trying again: {Again}); whatever it holds is released at the latest when the session ends")]
    private partial void LogWithdrawFailed(Exception ex, GrainId grain, Guid requestId, bool again);
}
