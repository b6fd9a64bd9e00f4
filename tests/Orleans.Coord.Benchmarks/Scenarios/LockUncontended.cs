using Orleans.Coord.Benchmarks.Locks;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// lock_uncontended: one contender per system, acquire + release of one lock in a loop; latency per pair. Every
/// system (Orleans.Coord by each caller, and the peers) is measured in turns within the same minutes
/// (<see cref="Interleaved"/>), so that the comparison with a peer does not depend on which one ran first. Floors given
/// take their turns among them, and each Orleans.Coord line then holds its distance from them (<see cref="Floors.Relate"/>).
/// </summary>
internal static class LockUncontended
{
    /// <summary>Measures every system given, with its caller's name, and the floors if given, and emits one line for each.</summary>
    public static async Task RunAsync(ScenarioContext context, IReadOnlyList<(ILockSystem System, string Caller)> systems, Floors? floors = null)
    {
        var contenders = new List<(ILockContender Contender, BenchmarkResult Result)>();
        var contestants = new List<ITakesTurns>();
        try
        {
            foreach (var (system, caller) in systems)
            {
                var result = context.NewResult(system.System, caller, "lock_uncontended");
                try
                {
                    var contender = await system.StartContenderAsync($"solo-{Guid.NewGuid():N}");
                    contenders.Add((contender, result));
                    var name = $"bench-solo-{Guid.NewGuid():N}";
                    contestants.Add(new Contestant(result, async () =>
                    {
                        var (hold, _) = await contender.AcquireAsync(name, TimeSpan.FromSeconds(10));
                        await hold.DisposeAsync();
                    }));
                }
                catch (Exception ex)
                {
                    result.Error = BenchmarkResult.Describe(ex);
                    ScenarioContext.Emit(result);
                }
            }

            await Interleaved.MeasureAsync(context, [.. contestants, .. floors?.Contestants ?? []]);
        }
        finally
        {
            foreach (var (contender, result) in contenders)
            {
                try
                {
                    await contender.DisposeAsync();
                }
                catch (Exception ex)
                {
                    result.Error ??= BenchmarkResult.Describe(ex);
                }
            }
        }

        floors?.Relate(contestants.Select(c => c.Result));
        foreach (var contestant in contestants)
        {
            ScenarioContext.Emit(contestant.Result);
        }

        floors?.Emit();
    }
}
