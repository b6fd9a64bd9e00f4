using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Coord.Telemetry;

namespace Orleans.Coord.Client.Telemetry;

/// <summary>
/// The client's instruments on the <see cref="CoordTelemetry.MeterName"/> meter (docs/operations.md lists them): how
/// long acquires and campaigns waited and how they ended, the calls sent again, and what watches delivered. One set
/// per meter factory, shared by every session of a process's client or silo.
/// </summary>
internal sealed class ClientInstruments
{
    private static readonly ConditionalWeakTable<IMeterFactory, ClientInstruments> ByFactory = new();
    private static readonly Lazy<ClientInstruments> WithoutFactory = new(() => new ClientInstruments(new Meter(CoordTelemetry.MeterName), new CoordTelemetryOptions()));

    private readonly TagSet _tags;
    private readonly Histogram<double> _acquireDuration;
    private readonly Counter<long> _resends;
    private readonly Counter<long> _watchEvents;
    private readonly Counter<long> _resyncs;
    private readonly Counter<long> _gapWaits;

    private ClientInstruments(Meter meter, CoordTelemetryOptions options)
    {
        _tags = new TagSet(options.IncludeNames);
        _acquireDuration = meter.CreateHistogram<double>("orleans.coord.lease.acquire.duration", "s",
            "How long an acquire or campaign took until it ended, by outcome: granted, timed_out (or taken, for a try), cancelled, refused (an error).");
        _resends = meter.CreateCounter<long>("orleans.coord.client.resends", "{call}",
            "Grain calls the client sent again, by reason: timeout (no answer in time), rejected (a silo or gateway refused or lost it), stale_activation.");
        _watchEvents = meter.CreateCounter<long>("orleans.coord.watch.events", "{event}", "Events delivered to group watches and election observations.");
        _resyncs = meter.CreateCounter<long>("orleans.coord.watch.resyncs", "{resync}", "Times a watch re-read the snapshot because events were missing.");
        _gapWaits = meter.CreateCounter<long>("orleans.coord.watch.gap_waits", "{wait}", "Times a watch held events back to wait for a missing version.");
    }

    /// <summary>
    /// The instruments of <paramref name="services"/>' meter factory, tagged as its <see cref="CoordTelemetryOptions"/>
    /// say; without a meter factory, instruments on a meter of the process's own.
    /// </summary>
    public static ClientInstruments For(IServiceProvider services)
    {
        if (services.GetService<IMeterFactory>() is not { } factory)
        {
            return WithoutFactory.Value;
        }

        return ByFactory.GetValue(factory, f =>
            new ClientInstruments(f.Create(CoordTelemetry.MeterName), services.GetService<IOptions<CoordTelemetryOptions>>()?.Value ?? new CoordTelemetryOptions()));
    }

    public void Acquired(string primitive, string name, string outcome, TimeSpan elapsed) =>
        _acquireDuration.Record(elapsed.TotalSeconds, _tags.Of(primitive, name, CoordTelemetry.OutcomeTag, outcome));

    public void Resent(string reason) => _resends.Add(1, new TagList { { CoordTelemetry.ReasonTag, reason } });

    public void Delivered(string primitive, string name, int count) => _watchEvents.Add(count, _tags.Of(primitive, name));

    public void Resynced(string primitive, string name) => _resyncs.Add(1, _tags.Of(primitive, name));

    public void WaitedForGap(string primitive, string name) => _gapWaits.Add(1, _tags.Of(primitive, name));
}
