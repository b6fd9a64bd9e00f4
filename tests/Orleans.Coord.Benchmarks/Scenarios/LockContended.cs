using System.Diagnostics;
using Orleans.Coord.Benchmarks.Locks;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// lock_contended: 8 contenders loop acquire/release on one lock. Every holder updates a checker while holding: a
/// non-atomic counter (read, yield, write: a lost update shows a broken exclusion) and a fencing-token register that
/// rejects tokens lower than the highest seen. Reports handoffs (grants to another contender than the previous
/// holder) per second and the handoff latency from the release call to the next grant; p50/p99 are the acquire waits.
/// Orleans.Coord and the peers are measured in turns within the same minutes (as <see cref="Interleaved"/> does), so
/// that their comparison does not depend on which one ran first.
/// </summary>
internal static class LockContended
{
    public const int Contenders = 8;

    /// <summary>Measures every system given, with its caller's name, in turns, and emits one line for each.</summary>
    public static async Task RunAsync(ScenarioContext context, IReadOnlyList<(ILockSystem System, string Caller, string ContendersAre)> systems)
    {
        foreach (var result in await MeasureInTurnsAsync(context, "lock_contended", [.. systems.Select(s => new Part(s.System, s.Caller, Contenders, s.ContendersAre))]))
        {
            ScenarioContext.Emit(result);
        }
    }

    /// <summary>
    /// Runs every part's contenders on a lock of its own, in turns (<see cref="Interleaved"/>), and returns their result
    /// lines (not yet emitted), in order, each with <c>grants_per_contender</c> (each contender's grants in the measured
    /// turns, in contender order) among its fields.
    /// </summary>
    public static async Task<BenchmarkResult[]> MeasureInTurnsAsync(ScenarioContext context, string scenario, IReadOnlyList<Part> parts)
    {
        var workloads = new List<Workload>();
        try
        {
            foreach (var part in parts)
            {
                var workload = new Workload(context.NewResult(part.System.System, part.Caller, scenario), part.Count, part.ContendersAre, part.System is CoordLockSystem ? LockStateSize.For(context) : null);
                workloads.Add(workload);
                await Interleaved.TryAsync(workload.Result, () => workload.StartAsync(part.System));
            }

            await Interleaved.MeasureAsync(context, workloads);
        }
        finally
        {
            foreach (var workload in workloads)
            {
                await workload.StopAsync();
            }
        }

        return [.. workloads.Select(w => w.Finish())];
    }

    /// <summary>One system's part in a contended measurement: <paramref name="Count"/> contenders through <paramref name="System"/>.</summary>
    public sealed record Part(ILockSystem System, string Caller, int Count, string ContendersAre);

    /// <summary>
    /// One system's contenders on one lock, measured over one or more runs: their waits, handoffs, grants and CPU add
    /// up across runs, and the time between two runs counts for nothing. With a <paramref name="stateSize"/> sampler
    /// (PostgreSQL), the lock's stored state is read once per run, when the first grant past its middle is made.
    /// </summary>
    private sealed class Workload(BenchmarkResult result, int count, string contendersAre, LockStateSize? stateSize) : ITakesTurns
    {
        private readonly string _name = $"bench-contended-{Guid.NewGuid():N}";
        private readonly Checker _warmup = new(count);
        private readonly Checker _checker = new(count);
        private readonly Latencies _handoffs = new();
        private ILockContender[] _contenders = [];
        private TimeSpan _cpu;
        private Task? _sample;

        public BenchmarkResult Result => result;

        public async Task StartAsync(ILockSystem system) =>
            _contenders = await Task.WhenAll(Enumerable.Range(0, count).Select(i => system.StartContenderAsync($"c{i}-{Guid.NewGuid():N}")));

        /// <summary>Runs untimed with a checker of its own, so that the measured runs start from the steady state; a violation still counts.</summary>
        public Task WarmUpAsync(TimeSpan duration) => LoopAsync(duration, _warmup, new Latencies(), new Latencies(), sample: false);

        public async Task RunAsync(TimeSpan duration)
        {
            var cpu = new ProcessCpu();
            var elapsed = Stopwatch.StartNew();
            _checker.Resume();
            _sample = null;
            await LoopAsync(duration, _checker, result.Latencies, _handoffs, sample: stateSize is not null);
            result.Seconds += elapsed.Elapsed.TotalSeconds;
            _cpu += cpu.Used;
            await (_sample ?? Task.CompletedTask);
        }

        /// <summary>Ends every contender, also after an error; an error here goes in the line unless one is there already.</summary>
        public async Task StopAsync()
        {
            var contenders = _contenders;
            _contenders = [];
            foreach (var contender in contenders)
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

        public BenchmarkResult Finish()
        {
            var seconds = result.Seconds;
            result.Ops = _checker.Grants;
            result.Extra["contenders"] = contendersAre;
            result.Extra["handoffs"] = _handoffs.Count;
            result.Extra["handoffs_per_s"] = seconds > 0 ? Math.Round(_handoffs.Count / seconds, 1) : null;
            result.Extra["handoff_p50_ms"] = _handoffs.Percentile(50);
            result.Extra["handoff_p99_ms"] = _handoffs.Percentile(99);
            result.Extra["cpu_us_per_grant"] = _checker.Grants > 0 ? Math.Round(_cpu.TotalMicroseconds / _checker.Grants, 2) : null;
            var lostUpdates = _checker.Grants - _checker.Counter + _warmup.Grants - _warmup.Counter;
            var staleTokens = _checker.StaleTokens + _warmup.StaleTokens;
            result.Extra["lost_updates"] = lostUpdates;
            result.Extra["stale_tokens"] = _checker.HasTokens ? staleTokens : null;
            result.Extra["violations"] = lostUpdates + staleTokens;
            result.Extra["grants_per_contender"] = _checker.GrantsOf;
            stateSize?.Report(result);
            return result;
        }

        /// <summary>
        /// The contenders' loops for <paramref name="duration"/>; with <paramref name="sample"/>, the first holder past
        /// the middle starts the read of the lock's state size (it goes on while the loops run).
        /// </summary>
        private Task LoopAsync(TimeSpan duration, Checker checker, Latencies waits, Latencies handoffTimes, bool sample)
        {
            var elapsed = Stopwatch.StartNew();
            return Task.WhenAll(_contenders.Select((contender, id) => Task.Run(async () =>
            {
                while (elapsed.Elapsed < duration)
                {
                    var asked = Stopwatch.GetTimestamp();
                    var (hold, token) = await contender.AcquireAsync(_name, TimeSpan.FromSeconds(30));
                    waits.AddSince(asked);
                    checker.Enter(id, token, handoffTimes);
                    if (sample && _sample is null && elapsed.Elapsed >= duration / 2)
                    {
                        _sample = stateSize!.SampleAsync(_name);
                    }

                    await Task.Yield();
                    checker.Leave();
                    await hold.DisposeAsync();
                }
            })));
        }
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

        /// <summary>Starts a new run: its first grant is no handoff (the time since the last release spans the pause).</summary>
        public void Resume() => _lastHolder = -1;

        public void Leave()
        {
            Counter = _pendingCounter + 1;
            _releasedAt = Stopwatch.GetTimestamp();
        }
    }
}
