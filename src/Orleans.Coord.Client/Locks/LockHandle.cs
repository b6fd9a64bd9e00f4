using Microsoft.Extensions.Logging;
using Orleans.Coord.Internal;
using Orleans.Runtime;

namespace Orleans.Coord.Locks;

/// <summary>A held grant of one lock, semaphore or reader-writer lock; see <see cref="ILockHandle"/>.</summary>
internal sealed partial class LockHandle : ILockHandle
{
    private readonly SessionContext _session;
    private readonly ILockTarget _target;
    private readonly LockWaiter _waiter;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost;
    private int _released;

    public LockHandle(SessionContext session, ILockTarget target, LockWaiter waiter, long token, CancellationToken sessionLost, ILogger logger)
    {
        _session = session;
        _target = target;
        _waiter = waiter;
        _logger = logger;
        GrainId = target.GrainId;
        FencingToken = token;
        _lost = CancellationTokenSource.CreateLinkedTokenSource(sessionLost);
        Lost = _lost.Token;
    }

    public string Name => _target.Name;

    public long FencingToken { get; }

    public CancellationToken Lost { get; }

    /// <summary>The grain that granted the hold.</summary>
    public GrainId GrainId { get; }

    public void MarkLost()
    {
        try
        {
            _lost.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Released meanwhile: nothing to tell.
        }
    }

    public async Task<bool> ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _released, 1) == 1)
        {
            return false;
        }

        try
        {
            var released = await GrainCallRetry.RunRepeatableAsync(() => _target.ReleaseAsync(FencingToken), _session.Options, cancellationToken);
            _waiter.Untrack(this);
            _lost.Dispose();
            return released;
        }
        catch
        {
            // Not known to be released: allow another attempt.
            Volatile.Write(ref _released, 0);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(_session.Options.SessionTtl);
            await ReleaseAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            LogReleaseFailed(ex, Name, FencingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing lock {Lock} (token {Token}) failed; it is released when the session ends")]
    private partial void LogReleaseFailed(Exception ex, string @lock, long token);
}
