using static Orleans.Coord.Chaos.EventKinds;

namespace Orleans.Coord.Chaos;

/// <summary>
/// The chaos run's judge: a pure function from the run's events (every worker's log and the runner's) and the final
/// value of the shared counter to a <see cref="CheckReport"/>. A hold or a leadership counts from the worker's grant
/// to the first of its release (or resignation) request, its Lost notice, the loss of its session, or the death or stop
/// of its process: what the worker believed. Two such intervals of different sessions that overlap are a violation.
/// </summary>
internal static class Checker
{
    /// <summary>How long after the TTL a dead worker's membership may still be listed: the session grain's silo may have died too (a fresh TTL after it moves) and detection takes a few seconds.</summary>
    public static readonly TimeSpan MemberSlack = TimeSpan.FromSeconds(10);

    /// <summary>A wait is put down to a fault only if the fault came at most this long before the wait's gap ended.</summary>
    public static readonly TimeSpan FaultWindow = TimeSpan.FromSeconds(30);

    public static CheckReport Check(IReadOnlyList<ChaosEvent> events, long finalCounter)
    {
        var ordered = events.OrderBy(e => e.T).ToList();
        var runner = ordered.Where(e => e.Source == "runner").ToList();
        var ttl = runner.FirstOrDefault(e => e.Kind == Settings)?.Value ?? 4000;
        var endOfLog = ordered.Count == 0 ? 0 : ordered[^1].T;

        // When each worker process ended: killed by the runner, or stopped.
        var deaths = new Dictionary<string, long>();
        foreach (var e in ordered)
        {
            var worker = e.Kind == WorkerKill ? e.Target : e.Kind == Stopped ? e.Source : null;
            if (worker is not null)
            {
                deaths.TryAdd(worker, e.T);
            }
        }

        var bySource = ordered.Where(e => e.Source != "runner").GroupBy(e => e.Source).ToDictionary(g => g.Key, g => g.ToList());
        var holds = Intervals(bySource, deaths, endOfLog, Granted, [ReleaseRequested], HoldLost);
        var leaderships = Intervals(bySource, deaths, endOfLog, Elected, [ResignRequested], LeadershipLost);
        var faults = runner.Where(e => Faults.Contains(e.Kind)).ToList();
        var errors = ordered.Where(e => e.Kind == Error && e.Source != "runner").ToList();
        var increments = ordered.Count(e => e.Kind == Incremented);
        var (longest, longestAfter) = Liveness(bySource, deaths, endOfLog, faults, runner);

        return new CheckReport
        {
            OverlappingHolds = Overlaps(holds, "token"),
            LostUpdates = Math.Max(0, increments - finalCounter),
            NonIncreasingTokens = NotIncreasing(ordered.Where(e => e.Kind == Granted), "token"),
            NonIncreasingTerms = NotIncreasing(ordered.Where(e => e.Kind == Elected), "term"),
            RegisterRejections = ordered.Where(e => e.Kind == RegisterRejected).Select(e => $"{e.Source} token {e.Token} rejected at {e.T}: the register had seen {e.Value}").ToList(),
            OverlappingLeaders = Overlaps(leaderships, "term"),
            StaleLeaderReads = StaleLeaderReads(ordered),
            LingeringMembers = Lingering(runner, ttl),
            ReturningMembers = Returning(runner),
            LeftAfterStop = runner.Where(e => e.Kind is FinalLock or FinalMembers or FinalLeader && e.Value > 0)
                .Select(e => $"{e.Kind}: {e.Value} ({string.Join(", ", e.Members ?? [])})").ToList(),
            Grants = ordered.Count(e => e.Kind == Granted),
            Increments = increments,
            FinalCounter = finalCounter,
            SkippedWrites = ordered.Count(e => e.Kind == WriteSkipped),
            Terms = ordered.Count(e => e.Kind == Elected),
            SiloKills = runner.Count(e => e.Kind == SiloKill),
            SiloPauses = runner.Count(e => e.Kind == SiloPause),
            WorkerKills = runner.Count(e => e.Kind == WorkerKill),
            BackendRestarts = runner.Count(e => e.Kind == BackendBack),
            SessionsLost = ordered.Count(e => e.Kind == SessionLost),
            LongestWaitMs = longest,
            LongestWaitAfterFaultMs = longestAfter,
            Errors = errors.GroupBy(e => e.Error ?? "?").ToDictionary(g => g.Key, g => (long)g.Count()),
            ErrorExamples = errors.GroupBy(e => e.Error ?? "?").ToDictionary(g => g.Key, g => g.First().Message ?? string.Empty),
        };
    }

    /// <summary>What a worker believed it held: from <paramref name="start"/> to the first end (see the class summary).</summary>
    private static List<Interval> Intervals(Dictionary<string, List<ChaosEvent>> bySource, Dictionary<string, long> deaths, long endOfLog, string start, string[] ends, string lost)
    {
        var result = new List<Interval>();
        foreach (var (source, events) in bySource)
        {
            var death = deaths.GetValueOrDefault(source, endOfLog);
            for (var i = 0; i < events.Count; i++)
            {
                var grant = events[i];
                if (grant.Kind != start)
                {
                    continue;
                }

                var end = death;
                for (var j = i + 1; j < events.Count; j++)
                {
                    var e = events[j];
                    if (((ends.Contains(e.Kind) || e.Kind == lost) && e.Token == grant.Token) || (e.Kind == SessionLost && e.Session == grant.Session) || e.Kind == Stopped)
                    {
                        end = Math.Min(end, e.T);
                        break;
                    }
                }

                result.Add(new Interval(source, grant.Session ?? source, grant.Token ?? 0, grant.T, end));
            }
        }

        return result.OrderBy(h => h.Start).ToList();
    }

    private static List<string> Overlaps(List<Interval> intervals, string what)
    {
        var found = new List<string>();
        for (var i = 0; i < intervals.Count; i++)
        {
            for (var j = i + 1; j < intervals.Count && intervals[j].Start < intervals[i].End; j++)
            {
                if (intervals[j].Session != intervals[i].Session)
                {
                    found.Add($"{intervals[i].Source} {what} {intervals[i].Token} [{intervals[i].Start}, {intervals[i].End}] and {intervals[j].Source} {what} {intervals[j].Token} [{intervals[j].Start}, {intervals[j].End}] overlap by {Math.Min(intervals[i].End, intervals[j].End) - intervals[j].Start} ms");
                }
            }
        }

        return found;
    }

    private static List<string> NotIncreasing(IEnumerable<ChaosEvent> grants, string what)
    {
        var found = new List<string>();
        ChaosEvent? highest = null;
        foreach (var grant in grants)
        {
            if (highest is not null && grant.Token <= highest.Token)
            {
                found.Add($"{grant.Source} got {what} {grant.Token} at {grant.T}, after {highest.Source} got {highest.Token} at {highest.T}");
            }

            if (highest is null || grant.Token > highest.Token)
            {
                highest = grant;
            }
        }

        return found;
    }

    /// <summary>A leader read (started after a term was granted and told to its worker) that names an older term.</summary>
    private static List<string> StaleLeaderReads(List<ChaosEvent> ordered)
    {
        var found = new List<string>();
        ChaosEvent? newest = null;
        foreach (var e in ordered)
        {
            if (e.Kind == Elected && (newest is null || e.Token > newest.Token))
            {
                newest = e;
            }
            else if (e.Kind == ObservedLeader && newest is not null && e.Token < newest.Token && e.T > newest.T)
            {
                found.Add($"a read at {e.T} named {e.Member} with term {e.Token}; {newest.Source} had been told term {newest.Token} at {newest.T}");
            }
        }

        return found;
    }

    private static List<string> Lingering(List<ChaosEvent> runner, long ttl)
    {
        var found = new List<string>();
        var deadline = 2 * ttl + (long)MemberSlack.TotalMilliseconds;
        foreach (var kill in runner.Where(e => e.Kind == WorkerKill))
        {
            var last = runner.LastOrDefault(e => e.Kind == ObservedMembers && e.T > kill.T + deadline && e.Members!.Contains(kill.Member!));
            if (last is not null)
            {
                found.Add($"{kill.Member} killed at {kill.T} is still listed at {last.T}, {(last.T - kill.T) / 1000.0:0.0} s later");
            }
        }

        return found;
    }

    private static List<string> Returning(List<ChaosEvent> runner)
    {
        var found = new List<string>();
        foreach (var kill in runner.Where(e => e.Kind == WorkerKill))
        {
            // Gone after having been listed (a join the worker sent just before it died may land after the kill).
            var observed = runner.Where(e => e.Kind == ObservedMembers).ToList();
            var listed = observed.FindIndex(e => e.Members!.Contains(kill.Member!));
            var after = listed < 0 ? [] : observed.Skip(listed).Where(e => e.T > kill.T).ToList();
            var gone = after.FindIndex(e => !e.Members!.Contains(kill.Member!));
            var back = gone < 0 ? null : after.Skip(gone).FirstOrDefault(e => e.Members!.Contains(kill.Member!));
            if (back is not null)
            {
                found.Add($"{kill.Member} killed at {kill.T}, gone at {after[gone].T}, listed again at {back.T}");
            }
        }

        return found;
    }

    /// <summary>
    /// The longest time without any grant while some worker waited (from its request to its grant, its death or its
    /// stop), by the kind of the last fault before the gap's end (within <see cref="FaultWindow"/>); and the same counted
    /// from the fault (from the backend's return for a backend restart).
    /// </summary>
    private static (Dictionary<string, long> Longest, Dictionary<string, long> AfterFault) Liveness(
        Dictionary<string, List<ChaosEvent>> bySource, Dictionary<string, long> deaths, long endOfLog, List<ChaosEvent> faults, List<ChaosEvent> runner)
    {
        var grants = bySource.Values.SelectMany(v => v).Where(e => e.Kind == Granted).Select(e => e.T).Order().ToArray();
        var backs = runner.Where(e => e.Kind == BackendBack).Select(e => e.T).ToArray();
        var longest = new Dictionary<string, long>();
        var afterFault = new Dictionary<string, long>();
        void Gap(long from, long to)
        {
            if (to <= from)
            {
                return;
            }

            var fault = faults.LastOrDefault(f => f.T <= to && f.T >= to - (long)FaultWindow.TotalMilliseconds);
            var kind = fault?.Kind ?? "none";
            longest[kind] = Math.Max(longest.GetValueOrDefault(kind), to - from);
            if (fault is not null)
            {
                var reference = fault.Kind == BackendKill ? backs.FirstOrDefault(b => b >= fault.T, long.MaxValue) : fault.T;
                if (reference < to)
                {
                    afterFault[kind] = Math.Max(afterFault.GetValueOrDefault(kind), to - Math.Max(from, reference));
                }
            }
        }

        foreach (var (source, events) in bySource)
        {
            var death = deaths.GetValueOrDefault(source, endOfLog);
            long? waitingSince = null;
            foreach (var e in events)
            {
                if (e.Kind == AcquireRequested && waitingSince is null)
                {
                    waitingSince = e.T;
                }
                else if (e.Kind == Granted && waitingSince is { } since)
                {
                    GapsWithin(since, e.T);
                    waitingSince = null;
                }
            }

            if (waitingSince is { } open)
            {
                GapsWithin(open, death);
            }
        }

        void GapsWithin(long from, long to)
        {
            var previous = from;
            var i = Array.BinarySearch(grants, from + 1);
            for (i = i < 0 ? ~i : i; i < grants.Length && grants[i] <= to; i++)
            {
                Gap(previous, grants[i]);
                previous = grants[i];
            }

            Gap(previous, to);
        }

        return (longest, afterFault);
    }

    private sealed record Interval(string Source, string Session, long Token, long Start, long End);
}
