using System.Collections.Concurrent;
using System.Diagnostics;
using Orleans.Coord.Telemetry;

namespace Orleans.Coord.Tests.Telemetry;

/// <summary>
/// One acquire is one trace: the client's span, Orleans' grain-call spans and the storage write it caused share a
/// trace id, with activity propagation on in the silo and the client (in-process TestingHost silo).
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TraceTests(TelemetryClusterFixture cluster)
{
    [Fact]
    public async Task One_acquire_is_one_trace_from_the_client_span_through_the_grain_call_to_the_storage_write()
    {
        var name = $"lock-{Guid.NewGuid():N}";
        var a = await cluster.StartAsync("a");
        var stopped = new ConcurrentQueue<Activity>();
        using (var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == CoordTelemetry.ActivitySourceName || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        })
        {
            ActivitySource.AddActivityListener(listener);
            await using var handle = await a.Locks.AcquireAsync(name, TimeSpan.FromSeconds(5));
            Assert.True(await handle.ReleaseAsync());
        }

        await a.StopAsync();
        var acquire = Assert.Single(stopped, s => s.OperationName == "lock acquire" && Equals(s.GetTagItem(CoordTelemetry.NameTag), name));
        Assert.Equal("granted", acquire.GetTagItem(CoordTelemetry.OutcomeTag));
        Assert.NotNull(acquire.GetTagItem(CoordTelemetry.TokenTag));
        Assert.Equal(ActivityKind.Client, acquire.Kind);

        var trace = stopped.Where(s => s.TraceId == acquire.TraceId).ToArray();
        Assert.Contains(trace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.Kind == ActivityKind.Server);
        // The session's record of the lock and the lock's grant are both written within the acquire's trace.
        var writes = trace.Where(s => s.OperationName == "coord storage write").ToArray();
        Assert.NotEmpty(writes);
        Assert.All(writes, w => Assert.Equal("memory", w.GetTagItem(CoordTelemetry.BackendTag)));
        Assert.All(writes, w => Assert.Equal("ok", w.GetTagItem(CoordTelemetry.OutcomeTag)));

        var release = Assert.Single(stopped, s => s.OperationName == "lock release" && Equals(s.GetTagItem(CoordTelemetry.NameTag), name));
        Assert.NotEqual(acquire.TraceId, release.TraceId);
    }
}
