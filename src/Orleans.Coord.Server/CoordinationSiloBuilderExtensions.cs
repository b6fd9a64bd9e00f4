using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Coord.Server.Internal;
using Orleans.Coord.Server.Sessions;
using Orleans.Coord.Server.Telemetry;
using Orleans.Coord.Telemetry;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Orleans.Coord.Server;

/// <summary>Adds Orleans.Coord's grains to a silo.</summary>
public static class CoordinationSiloBuilderExtensions
{
    /// <summary>
    /// How often each coordination stream queue is polled for new events: 1 s. Watchers get events by push first; the
    /// stream is the path that survives a lost push, and this bounds how late it can be (a watch that sees a later
    /// version first waits <c>GapGrace</c>, 250 ms, and then re-reads the snapshot instead of waiting for the stream).
    /// Each poll is a grain call per queue, so the period sets much of what a settled idle silo does
    /// (docs/performance.md, "An idle silo").
    /// </summary>
    public static readonly TimeSpan StreamPollPeriod = TimeSpan.FromMilliseconds(1000);

    /// <summary>
    /// Adds the coordination grains' services and the stream provider that carries coordination events (memory streams
    /// named <see cref="CoordConstants.StreamProviderName"/> with <see cref="CoordConstants.StreamQueueCount"/> queues).
    /// Sets Orleans failure detection to <see cref="CoordMembershipDefaults"/> (a dead silo is declared in about 2 s; a
    /// later <c>Configure&lt;ClusterMembershipOptions&gt;</c> overrides it). Registers the silo's instruments on the
    /// <see cref="CoordTelemetry.MeterName"/> meter (tagged as <see cref="CoordTelemetryOptions"/> says). When silos are
    /// declared dead, the sessions are told, so that a session lost with its silo expires one TTL later and one started
    /// in a dead silo expires at once. A read of the backend that fails reaches the caller as
    /// <see cref="CoordinationUnavailableException"/>. Bounds grains by <see cref="CoordResourceLimits"/>. The silo also needs a backend: clustering, a
    /// grain storage named <see cref="CoordConstants.StorageName"/>, the stream pub-sub store (a grain storage named
    /// "PubSubStore") and a reminder service, which the backend packages configure from one URL
    /// (<c>UseCoordBackend(url)</c> in Orleans.Coord.Hosting, or one backend's own extension).
    /// </summary>
    public static ISiloBuilder AddCoordination(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.AddOptions<CoordTelemetryOptions>();
        builder.Services.TryAddSingleton<ServerInstruments>();
        builder.Services.AddHostedService<SessionRecovery>();
        builder.Services.AddKeyedSingleton<IGrainStorage>(
            ReadCheckedGrainStorage.Name, (services, _) => new ReadCheckedGrainStorage(
                services.GetRequiredKeyedService<IGrainStorage>(CoordConstants.StorageName), services.GetRequiredService<Serializer>()));
        builder.Services.AddOptions<CoordResourceLimits>().ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CoordResourceLimits>, CoordResourceLimits.Validator>());
        builder.Configure<ClusterMembershipOptions>(CoordMembershipDefaults.Apply);
        return builder.AddMemoryStreams(CoordConstants.StreamProviderName, streams =>
        {
            streams.ConfigurePartitioning(CoordConstants.StreamQueueCount);
            streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = StreamPollPeriod));
        });
    }
}
