using System.Diagnostics;
using Orleans.Coord.Client;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// scale: 10,000 groups x 10 members (200 x 10 with --quick) joined through the API by 10 sessions; joins per second,
/// the working set of the process that hosts the silo before and after, and the growth per member.
/// </summary>
internal static class Scale
{
    public static async Task RunAsync(ScenarioContext context, Caller caller)
    {
        var result = context.NewResult("orleans-coord", caller.Name, "scale");
        var groups = context.Options.Quick ? 200 : 10_000;
        const int Members = 10;
        const int InFlightPerSession = 32;
        var sessions = new List<ICoordinator>();
        try
        {
            var before = WorkingSetMb();
            sessions.AddRange(await Task.WhenAll(Enumerable.Range(0, Members).Select(i => caller.StartSession($"scale-{i}", null))));
            var prefix = $"bench-scale-{Guid.NewGuid():N}-";
            var total = Stopwatch.StartNew();
            await Task.WhenAll(sessions.Select(session => Task.Run(async () =>
            {
                using var gate = new SemaphoreSlim(InFlightPerSession);
                var joins = Enumerable.Range(0, groups).Select(async g =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        var start = Stopwatch.GetTimestamp();
                        await session.Groups.JoinOrCreateAsync(prefix + g);
                        result.Latencies.AddSince(start);
                    }
                    finally
                    {
                        gate.Release();
                    }
                });
                await Task.WhenAll(joins);
            })));
            result.Seconds = total.Elapsed.TotalSeconds;
            result.Ops = (long)groups * Members;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var after = WorkingSetMb();
            result.Extra["groups"] = groups;
            result.Extra["members_per_group"] = Members;
            result.Extra["working_set_before_mb"] = before;
            result.Extra["working_set_after_mb"] = after;
            result.Extra["kb_per_member"] = Math.Round((after - before) * 1024 / result.Ops, 2);
            result.Extra["working_set_of"] = "the benchmark process, which hosts the silo and the clients";
        }
        catch (Exception ex)
        {
            result.Error = BenchmarkResult.Describe(ex);
        }
        finally
        {
            await Task.WhenAll(sessions.Select(s => s.DisposeAsync().AsTask()));
        }

        ScenarioContext.Emit(result);
    }

    private static double WorkingSetMb()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return Math.Round(self.WorkingSet64 / 1024.0 / 1024.0, 1);
    }
}
