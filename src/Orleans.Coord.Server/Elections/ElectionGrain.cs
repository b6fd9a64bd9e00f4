using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Coord.Elections;
using Orleans.Coord.Grains;
using Orleans.Coord.Server.Groups;
using Orleans.Coord.Server.Internal;
using Orleans.Coord.Server.Leases;
using Orleans.Coord.Validation;
using Orleans.Coord.Watching;
using Orleans.Runtime;

namespace Orleans.Coord.Server.Elections;

/// <summary>
/// One election: the lease-queue engine with a capacity of one, where a candidacy is a request, the leadership its grant
/// and the term its token. It adds the leader's value (campaigned with, then proclaimed), watchers, and group-tied
/// candidacies: a candidate must be a member of its group through its own session when it campaigns and when it is
/// elected, and while a group-tied leader leads, a grain timer checks its membership every
/// <see cref="GroupCheckPeriod"/> and ends the leadership ("left group") once the member is gone.
/// </summary>
[Reentrant]
internal sealed class ElectionGrain(
    [PersistentState("election", ReadCheckedGrainStorage.Name)] IPersistentState<LeaseQueueState> state,
    ILogger<ElectionGrain> logger,
    TimeProvider clock) : LeaseQueueGrain<ElectionEvent>(state, logger, clock), IElectionGrain
{
    /// <summary>How often a group-tied leader's membership is checked.</summary>
    internal static readonly TimeSpan GroupCheckPeriod = TimeSpan.FromMilliseconds(500);

    private IGrainTimer? _groupTimer;

    protected override string StreamNamespace => CoordConstants.ElectionStreamNamespace;

    public override string Primitive => Orleans.Coord.Telemetry.CoordTelemetry.Primitives.Election;

    protected override int Capacity => 1;

    public Task<ElectionLeader?> TryCampaignAsync(Guid sessionId, string memberId, Guid requestId, RequestOrder order, byte[] value, string? group, ILeaseObserver? observer) =>
        Commits.RunAsync(() => TryAcquireInTurnAsync(Candidacy(sessionId, memberId, requestId, order, value, group, observer), Leader));

    public Task<CandidacyStatus> CampaignAsync(Guid sessionId, string memberId, Guid requestId, RequestOrder order, byte[] value, string? group, ILeaseObserver observer) =>
        EnqueueAsync(() => Candidacy(sessionId, memberId, requestId, order, value, group, observer), Status);

    public Task<CandidacyStatus> GetCandidacyAsync(Guid requestId) => Commits.RunAsync(() => Task.FromResult(Status(StatusOf(requestId))));

    public Task<bool> ResignAsync(Guid sessionId, Guid requestId, RequestOrder order, long term) => Commits.RunAsync(() => ReleaseInTurnAsync(sessionId, requestId, order, term));

    public Task<long> ProclaimAsync(Guid sessionId, Guid requestId, RequestOrder order, string memberId, long term, byte[] value) => Commits.RunAsync(() =>
    {
        Guard.Name(memberId, nameof(memberId));
        Guard.Payload(value, nameof(value));
        if (S.Ledger.AnswerOfSettled(sessionId, requestId, order, S.Version) is { } version)
        {
            // A repeat gets its answer; a late copy of a proclaim the leader has moved past does not bring back its value.
            return Task.FromResult(version);
        }

        if (S.Holders is not [var leader] || leader.SessionId != sessionId || leader.Token != term)
        {
            throw new NotLeaderException(Name, memberId, term);
        }

        var proclaimed = leader with { Value = value };
        S.Holders[0] = proclaimed;
        AddEvent(LeaseChange.Updated, proclaimed);
        S.Ledger.Applied(sessionId, requestId, order, S.Version);
        return Task.FromResult(S.Version);
    });

    public Task<ElectionLeader?> GetLeaderAsync() => Commits.RunAsync(async () =>
    {
        // Each pass ends the leaders whose session is dead (or who left their group); a newly elected leader is checked
        // again, so a dead leader is never answered.
        while (await ClearLapsedHoldersAsync(callerSessionId: null, askNow: true, assumeOnError: false))
        {
        }

        return Leader(S.Holders.FirstOrDefault());
    });

    public Task<ElectionSnapshot> GetSnapshotAsync() =>
        Commits.RunAsync(() => Task.FromResult(new ElectionSnapshot(Name, S.Version, Leader(S.Holders.FirstOrDefault()), S.LastToken, S.Waiters.Count)));

    public Task<long> GetVersionAsync() => Commits.RunAsync(() => Task.FromResult(S.Version));

    public Task<long> WatchAsync(ICoordEventObserver<ElectionEvent> watcher, TimeSpan lease) => Commits.RunAsync(() => Task.FromResult(Events.Watch(watcher, lease, S.Version)));

    public Task UnwatchAsync(ICoordEventObserver<ElectionEvent> watcher) => Events.Unwatch(watcher);

    protected override string Reason(LeaseChange change) => change switch
    {
        LeaseChange.Granted => "campaign",
        LeaseChange.Released => "resign",
        _ => base.Reason(change),
    };

    protected override ElectionEvent ToEvent(LeaseChange change, Lease lease, long version, DateTimeOffset at) =>
        new(Name, lease.MemberId, lease.SessionId, Kind(change), Reason(change), lease.Token, lease.Value ?? [], version, at);

    /// <summary>One candidacy per session: a session that leads or waits cannot campaign again (it would wait behind itself forever).</summary>
    protected override void CheckNewRequest(LeaseRequest request)
    {
        if (S.Holders.Find(h => h.SessionId == request.SessionId) is { } leading)
        {
            throw new AlreadyCampaigningException(Name, request.MemberId, leading.Token);
        }

        if (S.Waiters.Exists(w => w.SessionId == request.SessionId))
        {
            throw new AlreadyCampaigningException(Name, request.MemberId, term: null);
        }
    }

    protected override Exception Ineligible(ILeaseParty party) => new MemberNotJoinedException(party.Group!, party.MemberId);

    protected override Task<bool> IsEligibleAsync(ILeaseParty party, bool assumeOnError) =>
        party.Group is not { } group ? Task.FromResult(true) : GroupMembership.IsMemberAsync(GrainFactory, group, party.MemberId, party.SessionId, assumeOnError, logger);

    /// <summary>Runs the membership check timer exactly while a group-tied leader leads.</summary>
    protected override void OnGrantsChanged()
    {
        if (S.Holders is [{ Group: not null }])
        {
            _groupTimer ??= this.RegisterGrainTimer(
                _ => Commits.RunAsync(() => ClearLapsedHoldersAsync(callerSessionId: null, askNow: false, assumeOnError: true)),
                new GrainTimerCreationOptions(GroupCheckPeriod, GroupCheckPeriod) { KeepAlive = true });
        }
        else if (_groupTimer is not null)
        {
            _groupTimer.Dispose();
            _groupTimer = null;
        }
    }

    private static LeaseRequest Candidacy(Guid sessionId, string memberId, Guid requestId, RequestOrder order, byte[] value, string? group, ILeaseObserver? observer) =>
        NewRequest(sessionId, memberId, requestId, order, 1, observer, Guard.Payload(value, nameof(value)), group is null ? null : Guard.Name(group, nameof(group)));

    private ElectionLeader? Leader(Lease? lease) =>
        lease is null ? null : new(Name, lease.MemberId, lease.SessionId, lease.Value ?? [], lease.Token, lease.GrantedAt, lease.Group);

    private static CandidacyStatus Status(LeaseStatus status) =>
        status.Granted is { } lease ? CandidacyStatus.Leading(lease.Token) : status.Waiting ? CandidacyStatus.Waiting : CandidacyStatus.Unknown;

    private static ElectionEventKind Kind(LeaseChange change) => change switch
    {
        LeaseChange.Granted => ElectionEventKind.Elected,
        LeaseChange.Released or LeaseChange.Withdrawn => ElectionEventKind.Resigned,
        LeaseChange.Expired => ElectionEventKind.Expired,
        LeaseChange.Updated => ElectionEventKind.ValueChanged,
        _ => ElectionEventKind.Lost,
    };
}
