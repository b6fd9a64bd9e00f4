using System.Diagnostics;
using Orleans.Coord.Client;
using Orleans.Coord.Locks;

namespace Orleans.Coord.Benchmarks.Scenarios;

/// <summary>
/// many_locks: 1,000, 10,000 and 100,000 distinct locks (100 and 1,000 with --quick; the 100,000 step only when the
/// scenario is named, not with <c>--scenario all</c>, which it would lengthen by minutes), each acquired and held by one of
/// 10 sessions, 32 acquires in flight per session. Per step: the acquire latency and rate, the growth of the working
/// set and of the managed heap of the process that hosts the silo per held lock, and the time one session's stop takes
/// to release the tenth of the locks it holds (checked: a session that holds nothing then takes one of them at once).
/// </summary>
internal static class ManyLocks
{
    private const int Sessions = 10;
    private const int InFlightPerSession = 32;

    /// <summary>At most this many locks warm up, half a session's default limit of holds.</summary>
    private const int WarmupLocks = 5_000;

    /// <summary>
    /// The sessions' TTL: 30 s rather than the default 5 s, so that a machine busy with other work, whose thread pool
    /// runs the sessions' heartbeats late while 320 acquires are in flight, does not expire a session mid-step.
    /// </summary>
    private static readonly CoordinatorOptions Options = new() { SessionTtl = TimeSpan.FromSeconds(30) };

    public static async Task RunAsync(ScenarioContext context, Caller caller)
    {
        await WarmUpAsync(context, caller);
        var growth = new GrowthSteps("p50_ms", "p99_ms", "ops_per_s", "cpu_us_per_lock", "kb_per_lock", "stop_s");
        int[] full = context.Options.All ? [1_000, 10_000] : [1_000, 10_000, 100_000];
        foreach (var locks in GrowthSteps.Sizes(context.Options, full, quick: [100, 1_000]))
        {
            var result = context.NewResult("orleans-coord", caller.Name, "many_locks");
            result.Extra["locks"] = locks;
            result.Extra["sessions"] = Sessions;
            await StepAsync(result, caller, locks);
            growth.Compare(result);
            ScenarioContext.Emit(result);
        }
    }

    /// <summary>Warms the path of a fresh lock (activation, attach, grant, release at the stop) untimed, with one session, for the warm-up time or <see cref="WarmupLocks"/> locks.</summary>
    private static async Task WarmUpAsync(ScenarioContext context, Caller caller)
    {
        await using var session = await caller.StartSession($"many-warmup-{Guid.NewGuid():N}", Options);
        var prefix = $"bench-many-warmup-{Guid.NewGuid():N}-";
        var next = -1;
        var elapsed = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, InFlightPerSession).Select(_ => Task.Run(async () =>
        {
            while (elapsed.Elapsed < Warmup.For(context) && Interlocked.Increment(ref next) is var lockNumber && lockNumber < WarmupLocks)
            {
                await session.Locks.AcquireAsync(prefix + lockNumber, TimeSpan.FromSeconds(60));
            }
        })));
        await session.StopAsync();
    }

    private static async Task StepAsync(BenchmarkResult result, Caller caller, int locks)
    {
        var sessions = new List<ICoordinator>();
        var prefix = $"bench-many-{Guid.NewGuid():N}-";
        try
        {
            sessions.AddRange(await Task.WhenAll(Enumerable.Range(0, Sessions).Select(i => caller.StartSession($"many-{i}-{Guid.NewGuid():N}", Options))));
            var (workingSetBefore, heapBefore) = Memory();
            var handles = new ILockHandle[locks];
            var cpu = new ProcessCpu();
            var total = Stopwatch.StartNew();
            await Task.WhenAll(sessions.Select((session, s) => Task.Run(async () =>
            {
                using var gate = new SemaphoreSlim(InFlightPerSession);
                await Task.WhenAll(Enumerable.Range(0, locks).Where(l => l % Sessions == s).Select(async l =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        var start = Stopwatch.GetTimestamp();
                        handles[l] = await session.Locks.AcquireAsync(prefix + l, TimeSpan.FromSeconds(60));
                        result.Latencies.AddSince(start);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            })));
            result.Seconds = total.Elapsed.TotalSeconds;
            result.Ops = locks;
            result.Extra["cpu_us_per_lock"] = cpu.MicrosecondsPer(locks);
            var (workingSetAfter, heapAfter) = Memory();
            result.Extra["working_set_before_mb"] = workingSetBefore;
            result.Extra["working_set_after_mb"] = workingSetAfter;
            result.Extra["kb_per_lock"] = Math.Round((workingSetAfter - workingSetBefore) * 1024 / locks, 2);
            result.Extra["heap_kb_per_lock"] = Math.Round((heapAfter - heapBefore) / 1024.0 / locks, 2);
            result.Extra["memory_of"] = "the benchmark process: the silo, its lock and session grains, and the sessions' handles";

            // The check after the stop uses a session of its own: in the 100,000 step every session holds 10,000 locks,
            // the default MaxHoldsPerSession, so any of them would be refused a 10,001st.
            var checker = await caller.StartSession($"many-check-{Guid.NewGuid():N}", Options);
            sessions.Add(checker);

            // One session's stop, timed: its end is answered once every lock it held is released.
            var stopped = Stopwatch.StartNew();
            var stopCpu = new ProcessCpu();
            await sessions[0].StopAsync();
            result.Extra["stop_s"] = Math.Round(stopped.Elapsed.TotalSeconds, 3);
            result.Extra["stop_cpu_us_per_lock"] = stopCpu.MicrosecondsPer(locks / Sessions);
            result.Extra["locks_per_stopped_session"] = locks / Sessions;
            var retaken = await checker.Locks.TryAcquireAsync(prefix + 0);
            result.Extra["released_after_stop"] = retaken is not null;
            if (retaken is null)
            {
                result.Error = "A lock of the stopped session was still held after its stop returned.";
            }
        }
        catch (Exception ex)
        {
            result.Error = BenchmarkResult.Describe(ex);
        }
        finally
        {
            await Task.WhenAll(sessions.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    /// <summary>The process's working set (MB) and managed heap (bytes) after a full collection.</summary>
    private static (double WorkingSetMb, long HeapBytes) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // Aggressive: compacts and gives the free memory back to the system, so that the working set counts what the
        // process holds rather than what the collector keeps in reserve after a burst of allocations.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        return (Math.Round(self.WorkingSet64 / 1024.0 / 1024.0, 1), GC.GetTotalMemory(false));
    }
}
