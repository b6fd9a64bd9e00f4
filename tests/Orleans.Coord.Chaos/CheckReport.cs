using System.Text.Json;

namespace Orleans.Coord.Chaos;

/// <summary>What the <see cref="Checker"/> found in a run's logs: safety violations by kind, the run's figures, liveness and errors.</summary>
internal sealed record CheckReport
{
    /// <summary>The liveness target: no wait without a grant longer than this after a silo kill, or after the backend is back.</summary>
    public static readonly TimeSpan LivenessTarget = TimeSpan.FromSeconds(5);

    // Safety: each of these is a violation.
    public List<string> OverlappingHolds { get; init; } = [];

    public long LostUpdates { get; init; }

    public List<string> NonIncreasingTokens { get; init; } = [];

    public List<string> NonIncreasingTerms { get; init; } = [];

    public List<string> RegisterRejections { get; init; } = [];

    public List<string> OverlappingLeaders { get; init; } = [];

    public List<string> StaleLeaderReads { get; init; } = [];

    public List<string> LingeringMembers { get; init; } = [];

    public List<string> ReturningMembers { get; init; } = [];

    public List<string> LeftAfterStop { get; init; } = [];

    // Figures.
    public long Grants { get; init; }

    public long Increments { get; init; }

    public long FinalCounter { get; init; }

    public long SkippedWrites { get; init; }

    public long Terms { get; init; }

    public long SiloKills { get; init; }

    public long SiloPauses { get; init; }

    public long WorkerKills { get; init; }

    public long BackendRestarts { get; init; }

    public long SessionsLost { get; init; }

    /// <summary>The longest time without a grant while someone waited, in ms, by the kind of the fault before it (<c>none</c>: no fault in the 30 s before).</summary>
    public Dictionary<string, long> LongestWaitMs { get; init; } = [];

    /// <summary>The same, counted from the fault itself (a silo kill), or from the backend server's return (a backend restart).</summary>
    public Dictionary<string, long> LongestWaitAfterFaultMs { get; init; } = [];

    /// <summary>Errors the workers saw, by type.</summary>
    public Dictionary<string, long> Errors { get; init; } = [];

    /// <summary>One example message per error type.</summary>
    public Dictionary<string, string> ErrorExamples { get; init; } = [];

    public long Violations =>
        OverlappingHolds.Count + LostUpdates + NonIncreasingTokens.Count + NonIncreasingTerms.Count + RegisterRejections.Count
        + OverlappingLeaders.Count + StaleLeaderReads.Count + LingeringMembers.Count + ReturningMembers.Count + LeftAfterStop.Count;

    public bool SiloKillTargetMet => LongestWaitAfterFaultMs.GetValueOrDefault(EventKinds.SiloKill) <= LivenessTarget.TotalMilliseconds;

    public bool BackendTargetMet => LongestWaitAfterFaultMs.GetValueOrDefault(EventKinds.BackendKill) <= LivenessTarget.TotalMilliseconds;

    /// <summary>The one-line result test.sh prints, e.g. <c>chaos: 0 violations, 12 silo kills, 1 backend restart</c>.</summary>
    public string ResultLine =>
        $"chaos: {Violations} violations, {SiloKills} silo kills, {BackendRestarts} backend restart{(BackendRestarts == 1 ? "" : "s")}, {SiloPauses} silo pause{(SiloPauses == 1 ? "" : "s")}, {WorkerKills} worker kills";

    public void Print(TextWriter output)
    {
        output.WriteLine("chaos check:");
        output.WriteLine($"  faults: {SiloKills} silo kills, {SiloPauses} silo pauses (SIGSTOP beyond the TTL), {WorkerKills} worker kills, {BackendRestarts} backend restarts");
        output.WriteLine($"  work: {Grants} lock grants, {Increments} increments (counter {FinalCounter}), {SkippedWrites} writes skipped after a Lost notice, {Terms} terms, {SessionsLost} sessions lost");
        Section(output, "overlapping holds of different sessions, neither told Lost", OverlappingHolds);
        output.WriteLine($"  lost updates of the counter: {LostUpdates}");
        Section(output, "fencing tokens that did not increase", NonIncreasingTokens);
        Section(output, "terms that did not increase", NonIncreasingTerms);
        Section(output, "register rejections", RegisterRejections);
        Section(output, "two leaders with overlapping terms", OverlappingLeaders);
        Section(output, "leader reads older than a term already granted (zombie answers)", StaleLeaderReads);
        Section(output, "members still listed long after their process died", LingeringMembers);
        Section(output, "members listed again after they were gone", ReturningMembers);
        Section(output, "left held or joined after every worker stopped", LeftAfterStop);
        output.WriteLine("  longest time without a grant while someone waited, by the fault before it:");
        foreach (var (kind, ms) in LongestWaitMs.OrderBy(p => p.Key))
        {
            var after = LongestWaitAfterFaultMs.TryGetValue(kind, out var a) ? $" ({a / 1000.0:0.00} s after {(kind == EventKinds.BackendKill ? "the backend was back" : "the fault")})" : "";
            output.WriteLine($"    {kind}: {ms / 1000.0:0.00} s{after}");
        }

        output.WriteLine($"  target <= {LivenessTarget.TotalSeconds:0} s after a silo kill: {(SiloKillTargetMet ? "met" : "NOT met")}; after the backend is back: {(BackendTargetMet ? "met" : "NOT met")}");
        output.WriteLine("  errors the workers saw, by type:" + (Errors.Count == 0 ? " none" : ""));
        foreach (var (type, count) in Errors.OrderByDescending(p => p.Value))
        {
            var example = ErrorExamples[type].Split('\n')[0];
            output.WriteLine($"    {type}: {count} (e.g. {(example.Length > 300 ? example[..300] + "…" : example)})");
        }

        output.WriteLine(Violations == 0 ? "  no safety violation" : $"  {Violations} SAFETY VIOLATIONS");
        output.WriteLine(JsonSerializer.Serialize(new
        {
            violations = Violations,
            overlappingHolds = OverlappingHolds.Count,
            lostUpdates = LostUpdates,
            nonIncreasingTokens = NonIncreasingTokens.Count,
            nonIncreasingTerms = NonIncreasingTerms.Count,
            registerRejections = RegisterRejections.Count,
            overlappingLeaders = OverlappingLeaders.Count,
            staleLeaderReads = StaleLeaderReads.Count,
            lingeringMembers = LingeringMembers.Count,
            returningMembers = ReturningMembers.Count,
            leftAfterStop = LeftAfterStop.Count,
            grants = Grants,
            increments = Increments,
            terms = Terms,
            siloKills = SiloKills,
            siloPauses = SiloPauses,
            workerKills = WorkerKills,
            backendRestarts = BackendRestarts,
            longestWaitMs = LongestWaitMs,
            longestWaitAfterFaultMs = LongestWaitAfterFaultMs,
            errors = Errors.Values.Sum(),
        }));
        output.WriteLine(ResultLine);
    }

    private static void Section(TextWriter output, string title, List<string> items)
    {
        output.WriteLine($"  {title}: {items.Count}");
        foreach (var item in items.Take(10))
        {
            output.WriteLine($"    {item}");
        }
    }
}
