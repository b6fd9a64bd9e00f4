using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// leader_failover: three candidate processes campaign; the leader's process is killed with SIGKILL; seconds until
/// another candidate's handle reports it leads. Three repetitions (one with --quick), at the default TTL and at 3 s.
/// </summary>
internal static class LeaderFailover
{
    public static async Task RunAsync(ScenarioContext context, TimeSpan ttl)
    {
        var result = context.NewResult("orleans-coord", "client", "leader_failover");
        var repetitions = context.Options.Quick ? 1 : 3;
        try
        {
            var total = Stopwatch.StartNew();
            for (var i = 0; i < repetitions; i++)
            {
                result.Latencies.Add(await OnceAsync(context.Environment, ttl) * 1000);
                result.Ops++;
            }

            result.Seconds = total.Elapsed.TotalSeconds;
            result.Extra["ttl_s"] = ttl.TotalSeconds;
            result.Extra["failover_s"] = Math.Round(result.Latencies.Percentile(50)!.Value / 1000, 3);
            result.Extra["failover_max_s"] = Math.Round(result.Latencies.Percentile(100)!.Value / 1000, 3);
            result.Extra["candidates"] = "3 processes";
        }
        catch (Exception ex)
        {
            result.Error = BenchmarkResult.Describe(ex);
        }

        ScenarioContext.Emit(result);
    }

    private static async Task<double> OnceAsync(BenchmarkEnvironment environment, TimeSpan ttl)
    {
        var election = $"bench-failover-{Guid.NewGuid():N}";
        var leaders = new ConcurrentQueue<(Process Process, long Term, long At)>();
        var ready = 0;
        var candidates = new List<Process>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                candidates.Add(CandidateProcess.Start(environment, election, ttl, (process, line) =>
                {
                    if (line == "READY")
                    {
                        Interlocked.Increment(ref ready);
                    }
                    else if (line.StartsWith("LEADER ", StringComparison.Ordinal))
                    {
                        leaders.Enqueue((process, long.Parse(line[7..]), Stopwatch.GetTimestamp()));
                    }
                }));
            }

            await Until(() => Volatile.Read(ref ready) == 3 && !leaders.IsEmpty, TimeSpan.FromSeconds(60), "three candidates start and one leads");
            leaders.TryPeek(out var first);
            var killedAt = Stopwatch.GetTimestamp();
            first.Process.Kill(entireProcessTree: true);
            Progress.Say($"leader_failover: killed the leader (term {first.Term}); TTL {ttl.TotalSeconds:0.#} s");
            await Until(() => leaders.Count >= 2, ttl + TimeSpan.FromSeconds(30), "another candidate leads");
            var second = leaders.ToArray()[1];
            if (second.Term <= first.Term)
            {
                throw new InvalidOperationException($"SAFETY: the new term {second.Term} is not above the old term {first.Term}.");
            }

            return Stopwatch.GetElapsedTime(killedAt, second.At).TotalSeconds;
        }
        finally
        {
            foreach (var candidate in candidates)
            {
                if (!candidate.HasExited)
                {
                    candidate.Kill(entireProcessTree: true);
                }

                await candidate.WaitForExitAsync();
                candidate.Dispose();
            }
        }
    }

    private static async Task Until(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}.");
            }

            await Task.Delay(5);
        }
    }
}
