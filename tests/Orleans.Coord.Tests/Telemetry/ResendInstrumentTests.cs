using Microsoft.Extensions.DependencyInjection;
using Orleans.Coord.Client;
using Orleans.Coord.Client.Internal;
using Orleans.Coord.Client.Telemetry;
using Orleans.Runtime;
using Orleans.Storage;
using static Orleans.Coord.Tests.Telemetry.Tags;

namespace Orleans.Coord.Tests.Telemetry;

/// <summary>
/// The resend counter of the client's call retry, driven by calls whose outcome each test decides (as in
/// GrainCallRetryTests): a copy with no answer in time, a rejected copy, a stale activation.
/// </summary>
public sealed class ResendInstrumentTests : IDisposable
{
    private static readonly CoordinatorOptions Options = new() { SessionTtl = TimeSpan.FromSeconds(1), CallTimeout = TimeSpan.FromMilliseconds(100) };

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterCapture _metrics;
    private readonly ClientInstruments _instruments;

    public ResendInstrumentTests()
    {
        _metrics = new MeterCapture(_services);
        _instruments = ClientInstruments.For(_services);
    }

    [Fact]
    public async Task A_copy_without_an_answer_in_time_is_counted_as_a_timeout()
    {
        var sent = 0;
        var result = await GrainCallRetry.RunRepeatableAsync(
            () => Interlocked.Increment(ref sent) == 1 ? new TaskCompletionSource<int>().Task : Task.FromResult(2), Options, CancellationToken.None, _instruments);

        Assert.Equal(2, result);
        Assert.Equal(1, _metrics.Sum("orleans.coord.client.resends", Reason("timeout")));
        Assert.Equal(1, _metrics.Count("orleans.coord.client.resends"));
    }

    [Fact]
    public async Task Rejected_copies_are_counted_as_rejections()
    {
        var sent = 0;
        await GrainCallRetry.RunRepeatableAsync(
            () => Interlocked.Increment(ref sent) < 3 ? Task.FromException<int>(new SiloUnavailableException("gone")) : Task.FromResult(3), Options, CancellationToken.None, _instruments);

        Assert.Equal(2, _metrics.Sum("orleans.coord.client.resends", Reason("rejected")));
    }

    [Fact]
    public async Task A_call_that_met_a_stale_activation_is_counted_once_per_retry_on_both_paths()
    {
        var sent = 0;
        Task<int> Call() => Interlocked.Increment(ref sent) % 2 == 1 ? Task.FromException<int>(new InconsistentStateException("stale")) : Task.FromResult(1);

        await GrainCallRetry.RunRepeatableAsync(Call, Options, CancellationToken.None, _instruments);
        await GrainCallRetry.RunAsync(Call, Options, CancellationToken.None, _instruments);

        Assert.Equal(2, _metrics.Sum("orleans.coord.client.resends", Reason("stale_activation")));
    }

    [Fact]
    public async Task A_call_answered_at_once_counts_nothing()
    {
        await GrainCallRetry.RunRepeatableAsync(() => Task.FromResult(1), Options, CancellationToken.None, _instruments);
        Assert.Equal(0, _metrics.Count("orleans.coord.client.resends"));
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _services.Dispose();
    }
}
