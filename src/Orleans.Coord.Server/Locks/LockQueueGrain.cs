using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Coord.Grains;
using Orleans.Coord.Locks;
using Orleans.Coord.Server.Internal;
using Orleans.Coord.Server.Leases;

namespace Orleans.Coord.Server.Locks;

/// <summary>
/// What exclusive locks, semaphores and reader-writer locks add to the lease-queue engine: grants and statuses in
/// the words of locks (<see cref="LockGrant"/>, <see cref="LockRequestStatus"/>), and <see cref="LockEvent"/>s.
/// </summary>
internal abstract partial class LockQueueGrain(IPersistentState<LeaseQueueState> state, ILogger logger, TimeProvider clock)
    : LeaseQueueGrain<LockEvent>(state, logger, clock)
{
    private readonly ILogger _logger = logger;

    /// <summary>Lock events go on the stream only where the silo turned that on (<see cref="CoordLockOptions.PublishEvents"/>).</summary>
    protected override bool PublishesEvents => ServiceProvider.GetRequiredService<IOptions<CoordLockOptions>>().Value.PublishEvents;

    /// <summary>
    /// Forces the release of every current grant with a token of at most <paramref name="upToToken"/> (an
    /// administrator's tool): each holder is told it lost its hold and the waiters are granted in turn. False when no
    /// such grant was held. A repeat with the same request id gets the first answer and breaks nothing, and a late copy
    /// finds only grants newer than the ones it named.
    /// </summary>
    public Task<bool> BreakAsync(Guid requestId, long upToToken) => Commits.RunAsync(async () =>
    {
        if (S.Ledger.TryGetAnswer(RequestLedger.Administrative, requestId, out var answer))
        {
            return answer != 0;
        }

        var holders = S.Holders.Where(h => h.Token <= upToToken).ToArray();
        foreach (var holder in holders)
        {
            LogBroken(Name, holder.MemberId, holder.Token);
            await EndAsync(holder, LeaseChange.Broken, tellHolder: true);
        }

        // Even "nobody held it" is stored before it is answered: a repeat arriving after a new grant must not break it.
        S.Ledger.Answer(RequestLedger.Administrative, requestId, holders.Length == 0 ? 0 : 1);
        Commits.Changed();
        return holders.Length > 0;
    });

    public Task<LockRequestStatus> GetRequestStatusAsync(Guid requestId) => Commits.RunAsync(() => Task.FromResult(Status(StatusOf(requestId))));

    public Task<bool> ReleaseAsync(Guid sessionId, Guid requestId, RequestOrder order, long token) => Commits.RunAsync(() => ReleaseInTurnAsync(sessionId, requestId, order, token));

    public Task<bool> IsStillOwnerAsync(Guid sessionId, long token) => Commits.RunAsync(() => IsHolderAsync(sessionId, token));

    public Task<int> GetQueueLengthAsync() => Commits.RunAsync(() => Task.FromResult(S.Waiters.Count));

    protected static LockGrant? Grant(Lease? lease) => lease is null ? null : new(lease.Token, lease.MemberId, lease.SessionId);

    protected override LockEvent ToEvent(LeaseChange change, Lease lease, long version, DateTimeOffset at) =>
        new(Name, lease.MemberId, lease.SessionId, Kind(change), Reason(change), lease.Token, version, at);

    protected static LockRequestStatus Status(LeaseStatus status) =>
        status.Granted is { } lease ? LockRequestStatus.Granted(lease.Token) : status.Waiting ? LockRequestStatus.Queued : LockRequestStatus.Unknown;

    private static LockEventKind Kind(LeaseChange change) => change switch
    {
        LeaseChange.Granted => LockEventKind.Acquired,
        LeaseChange.Expired => LockEventKind.Expired,
        LeaseChange.Broken => LockEventKind.Broken,
        _ => LockEventKind.Released,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Lock {Lock}: the hold of member {MemberId} (token {Token}) was broken")]
    private partial void LogBroken(string @lock, string memberId, long token);
}
