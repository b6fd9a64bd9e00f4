using System.Diagnostics;
using Orleans.Coord.Client;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>get_members: reading a group of 100 members (10 with --quick), each a live session.</summary>
internal static class GetMembers
{
    public static async Task RunAsync(ScenarioContext context, Caller caller)
    {
        var result = context.NewResult("orleans-coord", caller.Name, "get_members");
        var size = context.Options.Quick ? 10 : 100;
        var members = new List<ICoordinator>();
        try
        {
            var group = $"bench-gm-{Guid.NewGuid():N}";
            members.AddRange(await Task.WhenAll(Enumerable.Range(0, size).Select(i => caller.StartSession($"m{i:000}", null))));
            await members[0].Groups.CreateAsync(group);
            await Task.WhenAll(members.Select(m => m.Groups.JoinAsync(group, "{\"role\":\"worker\"}"u8.ToArray())));
            var reader = members[0];
            await Warmup.RunAsync(context, () => reader.Groups.GetMembersAsync(group));
            var total = Stopwatch.StartNew();
            while (total.Elapsed < context.Duration)
            {
                var start = Stopwatch.GetTimestamp();
                var read = await reader.Groups.GetMembersAsync(group);
                result.Latencies.AddSince(start);
                result.Ops++;
                if (read.Count != size)
                {
                    throw new InvalidOperationException($"Read {read.Count} members, expected {size}.");
                }
            }

            result.Seconds = total.Elapsed.TotalSeconds;
            result.Extra["members"] = size;
        }
        catch (Exception ex)
        {
            result.Error = BenchmarkResult.Describe(ex);
        }
        finally
        {
            await Task.WhenAll(members.Select(m => m.DisposeAsync().AsTask()));
        }

        ScenarioContext.Emit(result);
    }
}
