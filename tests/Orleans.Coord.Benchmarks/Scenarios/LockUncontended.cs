using Orleans.Coord.Benchmarks.Locks;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>lock_uncontended: one contender, acquire + release of one lock in a loop; latency per pair.</summary>
internal static class LockUncontended
{
    public static async Task RunAsync(ScenarioContext context, ILockSystem system, string caller)
    {
        var result = context.NewResult(system.System, caller, "lock_uncontended");
        try
        {
            await using var contender = await system.StartContenderAsync($"solo-{Guid.NewGuid():N}");
            var name = $"bench-solo-{Guid.NewGuid():N}";
            await Warmup.ThenMeasureAsync(context, result, context.Duration, async () =>
            {
                var (hold, _) = await contender.AcquireAsync(name, TimeSpan.FromSeconds(10));
                await hold.DisposeAsync();
            });
        }
        catch (Exception ex)
        {
            result.Error = $"{ex.GetType().Name}: {ex.Message}";
        }

        ScenarioContext.Emit(result);
    }
}
