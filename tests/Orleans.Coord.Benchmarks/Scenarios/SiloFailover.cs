using System.Diagnostics;
using Orleans.Coord.Grains;
using Orleans.Coord.TestServers;
using Orleans.Runtime;
using Orleans.Coord.Client;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// silo_failover: three processes of the silo program on the durable backend; a session holds a lock; the process
/// hosting the lock's grain is killed with SIGKILL. Seconds until a rival's try-acquire is answered correctly (denied,
/// the holder lives), and until the holder's release and re-acquire succeed. Three repetitions (one with --quick).
/// </summary>
internal static class SiloFailover
{
    public static async Task RunAsync(ScenarioContext context)
    {
        var result = context.NewResult("orleans-coord", "client", "silo_failover");
        var denied = new Latencies();
        var reacquired = new Latencies();
        var repetitions = context.Options.Quick ? 1 : 3;
        try
        {
            if (context.Environment.Url.Kind == BackendKind.Localhost)
            {
                throw new NotSupportedException("silo_failover needs a durable backend (redis or postgresql); the localhost backend keeps state inside one silo.");
            }

            var total = Stopwatch.StartNew();
            for (var i = 0; i < repetitions; i++)
            {
                var (deniedAfter, reacquiredAfter) = await OnceAsync(context.Environment.RawUrl);
                denied.Add(deniedAfter * 1000);
                reacquired.Add(reacquiredAfter * 1000);
                result.Latencies.Add(deniedAfter * 1000);
                result.Ops++;
            }

            result.Seconds = total.Elapsed.TotalSeconds;
            result.Extra["denied_after_s"] = Math.Round(denied.Percentile(50)!.Value / 1000, 3);
            result.Extra["denied_after_max_s"] = Math.Round(denied.Percentile(100)!.Value / 1000, 3);
            result.Extra["reacquired_after_s"] = Math.Round(reacquired.Percentile(50)!.Value / 1000, 3);
            result.Extra["reacquired_after_max_s"] = Math.Round(reacquired.Percentile(100)!.Value / 1000, 3);
            result.Extra["silos"] = 3;
        }
        catch (Exception ex)
        {
            result.Error = BenchmarkResult.Describe(ex);
        }

        ScenarioContext.Emit(result);
    }

    private static async Task<(double Denied, double Reacquired)> OnceAsync(string url)
    {
        await using var cluster = await SiloProcessCluster.StartAsync(url);
        var options = new CoordinatorOptions { SessionTtl = TimeSpan.FromSeconds(30) };
        await using var holder = await Coordinator.StartAsync(cluster.Client, "holder", options);
        await using var rival = await Coordinator.StartAsync(cluster.Client, "rival", options);
        var name = $"failover-{Guid.NewGuid():N}";
        var handle = await holder.Locks.AcquireAsync(name, TimeSpan.FromSeconds(10));
        var host = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(cluster.Client.GetGrain<ILockGrain>(name))
            ?? throw new InvalidOperationException("The lock grain has no activation.");
        var clock = Stopwatch.StartNew();
        cluster.ProcessOf(host).Crash();
        Progress.Say($"silo_failover: killed the silo process on port {host.Endpoint.Port}");

        while (true)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException("The lock did not answer within 60 s of the kill.");
            }

            try
            {
                // Cancelled, not abandoned: a try given up on is withdrawn, so it cannot be granted later to nobody.
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                var stolen = await rival.Locks.TryAcquireAsync(name, attempt.Token);
                if (stolen is not null)
                {
                    throw new InvalidOperationException("SAFETY: the rival was granted a lock whose holder is alive.");
                }

                break;
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException or OperationCanceledException)
            {
                // Not answering yet: the dead silo is still being declared dead.
            }
        }

        var deniedAfter = clock.Elapsed.TotalSeconds;
        if (!await handle.ReleaseAsync())
        {
            throw new InvalidOperationException("The holder's release after the failover returned false.");
        }

        await using var again = await holder.Locks.AcquireAsync(name, TimeSpan.FromSeconds(30));
        return (deniedAfter, clock.Elapsed.TotalSeconds);
    }
}
