using System.Diagnostics;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>group_join_leave: one session joins and leaves one group in a loop; p50/p99 over every join and leave.</summary>
internal static class GroupJoinLeave
{
    public static async Task RunAsync(ScenarioContext context, Caller caller)
    {
        var result = context.NewResult("orleans-coord", caller.Name, "group_join_leave");
        var joins = new Latencies();
        var leaves = new Latencies();
        try
        {
            await using var session = await caller.StartSession($"joiner-{Guid.NewGuid():N}", null);
            var group = $"bench-jl-{Guid.NewGuid():N}";
            await session.Groups.CreateAsync(group);
            await Warmup.RunAsync(context, async () =>
            {
                await session.Groups.JoinAsync(group);
                await session.Groups.LeaveAsync(group);
            });
            var total = Stopwatch.StartNew();
            while (total.Elapsed < context.Duration)
            {
                var start = Stopwatch.GetTimestamp();
                await session.Groups.JoinAsync(group);
                joins.AddSince(start);
                result.Latencies.AddSince(start);
                start = Stopwatch.GetTimestamp();
                await session.Groups.LeaveAsync(group);
                leaves.AddSince(start);
                result.Latencies.AddSince(start);
                result.Ops += 2;
            }

            result.Seconds = total.Elapsed.TotalSeconds;
            result.Extra["join_p50_ms"] = joins.Percentile(50);
            result.Extra["join_p99_ms"] = joins.Percentile(99);
            result.Extra["leave_p50_ms"] = leaves.Percentile(50);
            result.Extra["leave_p99_ms"] = leaves.Percentile(99);
        }
        catch (Exception ex)
        {
            result.Error = BenchmarkResult.Describe(ex);
        }

        ScenarioContext.Emit(result);
    }
}
