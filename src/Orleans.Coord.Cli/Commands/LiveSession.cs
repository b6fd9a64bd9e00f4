using Orleans.Coord.Client;

namespace Orleans.Coord.Cli.Commands;

/// <summary>
/// The session a live view (<c>watch</c>, <c>observe</c>) runs under, as member <c>coord-&lt;host&gt;-&lt;pid&gt;</c>;
/// it joins nothing and holds nothing, and is stopped cleanly when the view ends.
/// </summary>
internal sealed class LiveSession : IAsyncDisposable
{
    private LiveSession(ICoordinator coordinator) => Coordinator = coordinator;

    public ICoordinator Coordinator { get; }

    public static async Task<LiveSession> StartAsync(Invocation run, CancellationToken cancellationToken)
    {
        var memberId = $"coord-{Environment.MachineName}-{Environment.ProcessId}";
        return new LiveSession(await Client.Coordinator.StartAsync(run.Connection.Client, memberId, cancellationToken: cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await Coordinator.StopAsync(timeout.Token);
        }
        catch (Exception)
        {
            // The session expires by its TTL if the stop did not get through.
        }

        await Coordinator.DisposeAsync();
    }
}
