using System.Diagnostics;
using Orleans.Coord.Benchmarks.Locks;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// lock_contended: 8 contenders loop acquire/release on one lock. Every holder updates a checker while holding: a
/// non-atomic counter (read, yield, write: a lost update shows a broken exclusion) and a fencing-token register that
/// rejects tokens lower than the highest seen. Reports handoffs (grants to another contender than the previous
/// holder) per second and the handoff latency from the release call to the next grant; p50/p99 are the acquire waits.
/// </summary>
internal static class LockContended
{
    public const int Contenders = 8;

    public static async Task RunAsync(ScenarioContext context, ILockSystem system, string caller, string contendersAre) =>
        ScenarioContext.Emit(await MeasureAsync(context, system, caller, "lock_contended", Contenders, contendersAre));

    /// <summary>
    /// Runs the workload with <paramref name="count"/> contenders and returns its result line (not yet emitted), with
    /// <c>grants_per_contender</c> (each contender's grants in the measured run, in contender order) among its fields.
    /// </summary>
    public static async Task<BenchmarkResult> MeasureAsync(
        ScenarioContext context, ILockSystem system, string caller, string scenario, int count, string contendersAre)
    {
        var result = context.NewResult(system.System, caller, scenario);
        var handoffs = new Latencies();
        try
        {
            var name = $"bench-contended-{Guid.NewGuid():N}";
            var contenders = await Task.WhenAll(Enumerable.Range(0, count).Select(i => system.StartContenderAsync($"c{i}-{Guid.NewGuid():N}")));
            Task Loop(TimeSpan duration, Checker checker, Latencies waits, Latencies handoffTimes)
            {
                var elapsed = Stopwatch.StartNew();
                return Task.WhenAll(contenders.Select((contender, id) => Task.Run(async () =>
                {
                    while (elapsed.Elapsed < duration)
                    {
                        var asked = Stopwatch.GetTimestamp();
                        var (hold, token) = await contender.AcquireAsync(name, TimeSpan.FromSeconds(30));
                        waits.AddSince(asked);
                        checker.Enter(id, token, handoffTimes);
                        await Task.Yield();
                        checker.Leave();
                        await hold.DisposeAsync();
                    }
                })));
            }

            // Warm up untimed with a checker of its own, so that the measured run starts from the steady state; a
            // violation during the warm-up still counts.
            var warmup = new Checker(count);
            await Loop(Warmup.For(context), warmup, new Latencies(), new Latencies());
            var checker = new Checker(count);
            var cpu = new ProcessCpu();
            var total = Stopwatch.StartNew();
            await Loop(context.Duration, checker, result.Latencies, handoffs);
            result.Seconds = total.Elapsed.TotalSeconds;
            var cpuPerGrant = cpu.MicrosecondsPer(checker.Grants);
            foreach (var contender in contenders)
            {
                await contender.DisposeAsync();
            }

            result.Ops = checker.Grants;
            result.Extra["contenders"] = contendersAre;
            result.Extra["handoffs"] = handoffs.Count;
            result.Extra["handoffs_per_s"] = Math.Round(handoffs.Count / result.Seconds, 1);
            result.Extra["handoff_p50_ms"] = handoffs.Percentile(50);
            result.Extra["handoff_p99_ms"] = handoffs.Percentile(99);
            result.Extra["cpu_us_per_grant"] = cpuPerGrant;
            var lostUpdates = checker.Grants - checker.Counter + warmup.Grants - warmup.Counter;
            var staleTokens = checker.StaleTokens + warmup.StaleTokens;
            result.Extra["lost_updates"] = lostUpdates;
            result.Extra["stale_tokens"] = checker.HasTokens ? staleTokens : null;
            result.Extra["violations"] = lostUpdates + staleTokens;
            result.Extra["grants_per_contender"] = checker.GrantsOf;
        }
        catch (Exception ex)
        {
            result.Error = $"{ex.GetType().Name}: {ex.Message}";
        }

        return result;
    }

    /// <summary>The shared state holders update; deliberately not thread-safe, so a broken lock shows.</summary>
    private sealed class Checker(int contenders)
    {
        private int _lastHolder = -1;
        private long _releasedAt;
        private long _highestToken = long.MinValue;
        private int _pendingCounter;

        public long Counter { get; private set; }

        public long Grants { get; private set; }

        /// <summary>Each contender's grants.</summary>
        public long[] GrantsOf { get; } = new long[contenders];

        public long StaleTokens { get; private set; }

        public bool HasTokens { get; private set; }

        public void Enter(int id, long? token, Latencies handoffs)
        {
            var now = Stopwatch.GetTimestamp();
            Grants++;
            GrantsOf[id]++;
            if (token is { } t)
            {
                HasTokens = true;
                if (t < _highestToken)
                {
                    StaleTokens++;
                }
                else
                {
                    _highestToken = t;
                }
            }

            if (_lastHolder >= 0 && _lastHolder != id)
            {
                handoffs.Add(Stopwatch.GetElapsedTime(_releasedAt, now).TotalMilliseconds);
            }

            _lastHolder = id;
            _pendingCounter = (int)Counter;
        }

        public void Leave()
        {
            Counter = _pendingCounter + 1;
            _releasedAt = Stopwatch.GetTimestamp();
        }
    }
}
