using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Coord.Client;

namespace Orleans.Coord.ClientSample;

/// <summary>
/// The hosted way: one registration puts a coordinator in dependency injection. The host starts its session, joins
/// the declared group, runs the leader service while this process leads, and releases everything when it stops.
/// </summary>
internal static class HostedTour
{
    public const string Election = "sample-hosted-scheduler";

    public static async Task RunAsync(Action<IClientBuilder> configureClient)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(configureClient);
        builder.AddCoordinator(configure: o => o.MemberId ??= $"sample-hosted-{Environment.ProcessId}")
            .Join("sample-workers", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { role = "hosted" }))
            .AddLeaderService<SampleScheduler>(Election);
        builder.Services.AddSingleton<TaskCompletionSource<long>>(new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        using var host = builder.Build();
        await host.StartAsync();

        // Anything in the container can ask for ICoordinator; it always reaches the current session.
        var hosted = host.Services.GetRequiredService<IHostedCoordinator>();
        var session = await hosted.WaitForSessionAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Console.WriteLine($"hosted session {session.SessionId:N} up as '{session.MemberId}'; member of sample-workers: {await hosted.Groups.IsMemberUpAsync("sample-workers", hosted.MemberId)}");
        var term = await host.Services.GetRequiredService<TaskCompletionSource<long>>().Task.WaitAsync(TimeSpan.FromSeconds(20));
        Console.WriteLine($"the leader service runs: '{hosted.MemberId}' leads '{Election}' in term {term}");
        await using (var handle = await host.Services.GetRequiredService<ICoordinator>().Locks.AcquireAsync("sample-hosted-lock", TimeSpan.FromSeconds(10)))
        {
            Console.WriteLine($"lock 'sample-hosted-lock' taken through DI, fencing token {handle.FencingToken}");
        }

        await host.StopAsync();
        Console.WriteLine("host stopped: the leader service was cancelled, and the group membership and the leadership were released");
    }

    /// <summary>Runs only while this process leads <see cref="Election"/>; its token fires on loss, on resign and at host stop.</summary>
    private sealed class SampleScheduler(TaskCompletionSource<long> started) : LeaderService
    {
        protected override async Task LeadAsync(ILeadership leadership, CancellationToken stoppingLeading)
        {
            started.TrySetResult(leadership.Term);
            await Task.Delay(Timeout.Infinite, stoppingLeading);
        }
    }
}
