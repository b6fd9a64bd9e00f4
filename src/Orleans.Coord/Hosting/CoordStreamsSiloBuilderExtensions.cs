using Orleans.Hosting;

namespace Orleans.Coord.Hosting;

/// <summary>The stream provider that carries coordination events (memory streams, tuned for latency).</summary>
public static class CoordStreamsSiloBuilderExtensions
{
    /// <summary>The number of memory stream queues; clients must use the same number.</summary>
    public const int QueueCount = 4;

    /// <summary>
    /// How often each queue's pulling agent looks for new events (Orleans' default is 100 ms). This bounds the extra
    /// latency a watcher sees; each queue costs one cheap poll per period.
    /// </summary>
    public static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Adds the memory stream provider named <see cref="CoordConstants.StreamProviderName"/> with
    /// <see cref="QueueCount"/> queues polled every <see cref="PollPeriod"/>. The silo also needs the pub-sub store
    /// (a grain storage named "PubSubStore").
    /// </summary>
    public static ISiloBuilder AddCoordStreams(this ISiloBuilder builder) =>
        builder.AddMemoryStreams(CoordConstants.StreamProviderName, streams =>
        {
            streams.ConfigurePartitioning(QueueCount);
            streams.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = PollPeriod));
        });
}
