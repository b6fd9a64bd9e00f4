using Microsoft.Extensions.Logging;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Telemetry;
using Orleans.Coord.Telemetry;
using Orleans.Runtime;

namespace Orleans.Coord.Client.Leases;

/// <summary>A held grant of one lock, semaphore, reader-writer lock or election; see <see cref="ILockHandle"/>.</summary>
internal sealed partial class LeaseHandle : ILockHandle
{
    private readonly SessionContext _session;
    private readonly ILeaseTarget _target;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost;

    private int _released;
    private InFlightRequest? _release;

    public LeaseHandle(SessionContext session, ILeaseTarget target, long token, CancellationToken sessionLost, ILogger logger)
    {
        _session = session;
        _target = target;
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

    /// <summary>The id of this handle's release, the same for every attempt: a copy sent again gets the first answer.</summary>
    internal Guid ReleaseRequestId { get; } = Guid.NewGuid();

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

        var activity = SpanNames.Start(_target, SpanNames.Release(_target.Primitive), _session.MemberId);
        activity?.SetTag(CoordTelemetry.TokenTag, FencingToken);
        try
        {
            // One number for every attempt, in flight until one is answered: until then, the grain keeps its answer.
            var release = _release ??= _session.Requests.Start(GrainId);
            var released = await GrainCallRetry.RunRepeatableAsync(() => _target.ReleaseAsync(ReleaseRequestId, release.Order, FencingToken), _session, cancellationToken);
            release.Dispose();
            _session.Leases.Untrack(this);
            _lost.Dispose();
            activity.Finish(released ? "released" : "not_held");
            return released;
        }
        catch (Exception ex)
        {
            // Not known to be released: allow another attempt (with the same release id).
            Volatile.Write(ref _released, 0);
            activity.Finish("failed", ex);
            throw;
        }
    }

    /// <summary>
    /// Releases the hold (see <see cref="ILockHandle"/>): errors are logged, not thrown, and a release that could not be
    /// confirmed is tried again in the background until it is, or until the session ends and releases everything.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(_session.Options.SessionTtl);
            await ReleaseAsync(timeout.Token);
        }
        catch (Exception ex)
        {
            LogReleaseFailed(ex, Name, FencingToken, !_session.Closed);
            UntilSessionEnds.RetryInBackground(_session, () => ReleaseAsync(CancellationToken.None), (error, again) => LogReleaseFailed(error, Name, FencingToken, again));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Releasing {Name} (token {Token}) failed (trying again: {Again}); it is released at the latest when the session ends")]
    private partial void LogReleaseFailed(Exception ex, string name, long token, bool again);
}
