using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Orleans.Coord.Server.Leases;
using Orleans.Coord.Telemetry;

namespace Orleans.Coord.Server.Telemetry;

/// <summary>
/// The silo's instruments on the <see cref="CoordTelemetry.MeterName"/> meter (docs/operations.md lists them): what the
/// coordination grains of this silo decided and wrote, and gauges over their live activations. A change is counted
/// when the grain decides it, in the turn that makes it; its write follows before anyone is answered, and a change
/// whose write fails is counted although it did not happen (the activation then deactivates).
/// </summary>
internal sealed class ServerInstruments
{
    private readonly TagSet _tags;
    private readonly Counter<long> _grants;
    private readonly Counter<long> _handoffs;
    private readonly Counter<long> _releases;
    private readonly Counter<long> _expirations;
    private readonly Counter<long> _breaks;
    private readonly Histogram<double> _holdDuration;
    private readonly Counter<long> _campaigns;
    private readonly Counter<long> _terms;
    private readonly Counter<long> _leaderLosses;
    private readonly Counter<long> _sessionStarts;
    private readonly Counter<long> _sessionEnds;
    private readonly Counter<long> _sessionExpirations;
    private readonly Counter<long> _joins;
    private readonly Counter<long> _leaves;
    private readonly Counter<long> _memberExpirations;
    private readonly Histogram<double> _storageWrite;
    private readonly Counter<long> _staleActivations;

    public ServerInstruments(IMeterFactory meters, IOptions<CoordTelemetryOptions> options)
    {
        _tags = new TagSet(options.Value.IncludeNames);
        Backend = options.Value.Backend;
        var meter = meters.Create(CoordTelemetry.MeterName);
        _grants = meter.CreateCounter<long>("orleans.coord.lease.grants", "{grant}", "Grants of locks, semaphore permits, reader-writer locks and leaderships.");
        _handoffs = meter.CreateCounter<long>("orleans.coord.lease.handoffs", "{grant}", "Grants to a request that waited in the queue.");
        _releases = meter.CreateCounter<long>("orleans.coord.lease.releases", "{grant}", "Grants ended by their holder: released, withdrawn, its session stopped, or its condition lapsed (reason).");
        _expirations = meter.CreateCounter<long>("orleans.coord.lease.expirations", "{grant}", "Grants ended because the holder's session expired.");
        _breaks = meter.CreateCounter<long>("orleans.coord.lease.breaks", "{grant}", "Grants broken by an administrator.");
        _holdDuration = meter.CreateHistogram<double>("orleans.coord.lease.hold.duration", "s", "How long a grant was held, by how it ended (reason).");
        _campaigns = meter.CreateCounter<long>("orleans.coord.election.campaigns", "{campaign}", "Campaigns (requests for leadership) received.");
        _terms = meter.CreateCounter<long>("orleans.coord.election.terms", "{term}", "New terms: leaderships granted.");
        _leaderLosses = meter.CreateCounter<long>("orleans.coord.election.leader_losses", "{term}", "Leaderships that ended without a resignation: expired, broken or lapsed (reason).");
        _sessionStarts = meter.CreateCounter<long>("orleans.coord.session.starts", "{session}", "Sessions started.");
        _sessionEnds = meter.CreateCounter<long>("orleans.coord.session.ends", "{session}", "Sessions stopped by their client.");
        _sessionExpirations = meter.CreateCounter<long>("orleans.coord.session.expirations", "{session}", "Sessions that expired: no heartbeat within their TTL.");
        _joins = meter.CreateCounter<long>("orleans.coord.group.joins", "{member}", "Members that joined a group.");
        _leaves = meter.CreateCounter<long>("orleans.coord.group.leaves", "{member}", "Members that left a group, or whose session stopped.");
        _memberExpirations = meter.CreateCounter<long>("orleans.coord.group.expirations", "{member}", "Members removed because their session expired.");
        _storageWrite = meter.CreateHistogram<double>("orleans.coord.storage.write.duration", "s", "Time of one write of coordination state to the backend, by outcome.");
        _staleActivations = meter.CreateCounter<long>("orleans.coord.stale_activations", "{activation}", "Writes refused because another activation wrote first: this copy was stale and deactivates.");
        meter.CreateObservableUpDownCounter("orleans.coord.lease.holders", () => Sum(LeaseQueues.Items, q => (q.Primitive, q.Name, q.HolderCount)), "{holder}", "Current holders in this silo's lock and election activations.");
        meter.CreateObservableUpDownCounter("orleans.coord.lease.waiters", () => Sum(LeaseQueues.Items, q => (q.Primitive, q.Name, q.WaiterCount)), "{request}", "Requests waiting in this silo's lock and election activations.");
        meter.CreateObservableUpDownCounter("orleans.coord.group.members", () => Sum(Groups.Items, g => (CoordTelemetry.Primitives.Group, g.Name, g.MemberCount)), "{member}", "Members of the groups active in this silo.");
        meter.CreateObservableUpDownCounter("orleans.coord.sessions", () => Sum(Sessions.Items, s => (CoordTelemetry.Primitives.Session, (string?)null, s.IsLive ? 1 : 0)), "{session}", "Live sessions whose grain is active in this silo.");
    }

    /// <summary>The value of the backend tag (<see cref="CoordTelemetryOptions.Backend"/>).</summary>
    public string Backend { get; }

    public LiveSet<ILiveLeaseQueue> LeaseQueues { get; } = new();

    public LiveSet<ILiveGroup> Groups { get; } = new();

    public LiveSet<ILiveSession> Sessions { get; } = new();

    /// <summary>A new request for a lease (not a copy of one already known).</summary>
    public void Requested(string primitive, string name)
    {
        if (primitive == CoordTelemetry.Primitives.Election)
        {
            _campaigns.Add(1, _tags.Of(primitive, name));
        }
    }

    public void Granted(string primitive, string name, bool waited)
    {
        var tags = _tags.Of(primitive, name);
        _grants.Add(1, tags);
        if (waited)
        {
            _handoffs.Add(1, tags);
        }

        if (primitive == CoordTelemetry.Primitives.Election)
        {
            _terms.Add(1, tags);
        }
    }

    public void Ended(string primitive, string name, LeaseChange change, TimeSpan held)
    {
        var reason = ReasonOf(change);
        var tags = _tags.Of(primitive, name, CoordTelemetry.ReasonTag, reason);
        _holdDuration.Record(Math.Max(0, held.TotalSeconds), tags);
        var counter = change switch
        {
            LeaseChange.Expired => _expirations,
            LeaseChange.Broken => _breaks,
            _ => _releases,
        };
        counter.Add(1, tags);
        if (primitive == CoordTelemetry.Primitives.Election && change is LeaseChange.Expired or LeaseChange.Broken or LeaseChange.Lapsed)
        {
            _leaderLosses.Add(1, tags);
        }
    }

    public void SessionStarted() => _sessionStarts.Add(1);

    public void SessionEnded(bool expired) => (expired ? _sessionExpirations : _sessionEnds).Add(1);

    public void MemberJoined(string group) => _joins.Add(1, _tags.Of(CoordTelemetry.Primitives.Group, group));

    public void MemberLeft(string group, bool expired) =>
        (expired ? _memberExpirations : _leaves).Add(1, _tags.Of(CoordTelemetry.Primitives.Group, group));

    /// <summary>One storage write that took <paramref name="elapsed"/>: <c>ok</c>, <c>conflict</c> (stale) or <c>error</c>.</summary>
    public void Written(TimeSpan elapsed, string outcome)
    {
        _storageWrite.Record(elapsed.TotalSeconds, new TagList { { CoordTelemetry.BackendTag, Backend }, { CoordTelemetry.OutcomeTag, outcome } });
        if (outcome == StorageOutcomes.Conflict)
        {
            _staleActivations.Add(1, new TagList { { CoordTelemetry.BackendTag, Backend } });
        }
    }

    /// <summary>How a grant's end is named in the reason tag.</summary>
    internal static string ReasonOf(LeaseChange change) => change switch
    {
        LeaseChange.Released => "released",
        LeaseChange.Withdrawn => "withdrawn",
        LeaseChange.Stopped => "session_stopped",
        LeaseChange.Expired => "expired",
        LeaseChange.Broken => "broken",
        LeaseChange.Lapsed => "lapsed",
        _ => "other",
    };

    private IEnumerable<Measurement<long>> Sum<T>(IEnumerable<T> items, Func<T, (string Primitive, string? Name, int Count)> read)
    {
        var totals = new Dictionary<(string, string?), long>();
        foreach (var item in items)
        {
            var (primitive, name, count) = read(item);
            var key = (primitive, _tags.IncludeNames ? name : null);
            totals[key] = totals.GetValueOrDefault(key) + count;
        }

        foreach (var ((primitive, name), total) in totals)
        {
            yield return new Measurement<long>(total, _tags.Of(primitive, name));
        }
    }
}
