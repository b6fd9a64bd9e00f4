using Orleans.Coord.Chaos;
using static Orleans.Coord.Chaos.EventKinds;

namespace Orleans.Coord.Tests.Chaos;

/// <summary>
/// The chaos checker over small synthetic logs: a clean history passes, and each kind of safety violation is found.
/// The checker is a pure function over the events the workers and the runner write.
/// </summary>
public sealed class ChaosCheckerTests
{
    [Fact]
    public void A_clean_history_has_no_violation_and_its_figures()
    {
        var report = Checker.Check(CleanHistory(), finalCounter: 2);

        Assert.Equal(0, report.Violations);
        Assert.Equal(2, report.Grants);
        Assert.Equal(2, report.Increments);
        Assert.Equal(1, report.SiloKills);
        Assert.Equal(1, report.BackendRestarts);
        Assert.Equal(1, report.Errors["TimeoutException"]);
    }

    [Fact]
    public void Overlapping_holds_of_two_sessions_neither_told_lost_are_a_violation()
    {
        var events = new List<ChaosEvent>
        {
            W("w1", 100, Granted, "s1", token: 1),
            W("w2", 150, Granted, "s2", token: 2),
            W("w1", 200, ReleaseRequested, "s1", token: 1),
            W("w2", 250, ReleaseRequested, "s2", token: 2),
        };

        var report = Checker.Check(events, finalCounter: 0);

        Assert.Single(report.OverlappingHolds);
        Assert.Equal(1, report.Violations);
    }

    [Fact]
    public void A_hold_told_lost_before_the_next_grant_does_not_overlap_it()
    {
        var events = new List<ChaosEvent>
        {
            W("w1", 100, Granted, "s1", token: 1),
            W("w1", 140, HoldLost, "s1", token: 1),
            W("w2", 150, Granted, "s2", token: 2),
            W("w1", 200, ReleaseRequested, "s1", token: 1),
            W("w2", 250, ReleaseRequested, "s2", token: 2),
        };

        Assert.Equal(0, Checker.Check(events, finalCounter: 0).Violations);
    }

    [Fact]
    public void A_hold_ends_when_its_worker_is_killed()
    {
        var events = new List<ChaosEvent>
        {
            W("w1", 100, Granted, "s1", token: 1),
            R(120, WorkerKill, target: "w1"),
            W("w2", 5000, Granted, "s2", token: 2),
        };

        Assert.Empty(Checker.Check(events, finalCounter: 0).OverlappingHolds);
    }

    [Fact]
    public void Lost_updates_tokens_and_terms_that_do_not_increase_and_register_rejections_are_violations()
    {
        var events = new List<ChaosEvent>
        {
            W("w1", 100, Granted, "s1", token: 5),
            W("w1", 110, Incremented, "s1", token: 5, value: 1),
            W("w1", 120, ReleaseRequested, "s1", token: 5),
            W("w2", 200, Granted, "s2", token: 5),
            W("w2", 210, Incremented, "s2", token: 5, value: 2),
            W("w2", 215, RegisterRejected, "s2", token: 5, value: 6),
            W("w2", 220, ReleaseRequested, "s2", token: 5),
            W("w1", 300, Elected, "s1", token: 3),
            W("w1", 310, ResignRequested, "s1", token: 3),
            W("w2", 400, Elected, "s2", token: 2),
            W("w2", 410, ResignRequested, "s2", token: 2),
        };

        var report = Checker.Check(events, finalCounter: 1);

        Assert.Equal(1, report.LostUpdates);
        Assert.Single(report.NonIncreasingTokens);
        Assert.Single(report.NonIncreasingTerms);
        Assert.Single(report.RegisterRejections);
        Assert.Equal(4, report.Violations);
    }

    [Fact]
    public void Two_leaders_at_once_and_a_leader_read_older_than_a_granted_term_are_violations()
    {
        var events = new List<ChaosEvent>
        {
            W("w1", 100, Elected, "s1", token: 1),
            W("w2", 150, Elected, "s2", token: 2),
            R(160, ObservedLeader, member: "w1", token: 1),
            W("w1", 200, ResignRequested, "s1", token: 1),
            W("w2", 300, LeadershipLost, "s2", token: 2),
        };

        var report = Checker.Check(events, finalCounter: 0);

        Assert.Single(report.OverlappingLeaders);
        Assert.Single(report.StaleLeaderReads);
    }

    [Fact]
    public void Members_that_outlive_their_process_or_come_back_and_anything_left_after_stop_are_violations()
    {
        var events = new List<ChaosEvent>
        {
            R(0, Settings, value: 4000),
            R(100, ObservedMembers, members: ["w1", "w2"]),
            R(200, WorkerKill, target: "w1", member: "w1"),
            R(201, WorkerKill, target: "w2", member: "w2"),
            R(5000, ObservedMembers, members: ["w1"]),
            R(6000, ObservedMembers, members: ["w1", "w2"]),
            R(30_000, ObservedMembers, members: ["w1"]),
            R(40_000, FinalLock, value: 1, members: ["w3"]),
            R(40_000, FinalMembers, value: 0, members: []),
        };

        var report = Checker.Check(events, finalCounter: 0);

        Assert.Single(report.LingeringMembers);
        Assert.Contains("w1", report.LingeringMembers[0]);
        Assert.Single(report.ReturningMembers);
        Assert.Contains("w2", report.ReturningMembers[0]);
        Assert.Single(report.LeftAfterStop);
    }

    [Fact]
    public void The_longest_wait_without_a_grant_is_put_down_to_the_fault_before_it()
    {
        var events = new List<ChaosEvent>
        {
            W("w1", 1000, Granted, "s1", token: 1),
            W("w2", 1000, AcquireRequested, "s2"),
            R(1500, SiloKill, target: "silo0"),
            W("w1", 1600, ReleaseRequested, "s1", token: 1),
            W("w2", 8000, Granted, "s2", token: 2),
            W("w2", 8100, ReleaseRequested, "s2", token: 2),
        };

        var report = Checker.Check(events, finalCounter: 0);

        Assert.Equal(7000, report.LongestWaitMs[SiloKill]);
        Assert.Equal(6500, report.LongestWaitAfterFaultMs[SiloKill]);
        Assert.False(report.SiloKillTargetMet);
        Assert.Equal(0, report.Violations);
    }

    private static List<ChaosEvent> CleanHistory() =>
    [
        R(0, Settings, value: 4000),
        W("w1", 100, AcquireRequested, "s1"),
        W("w1", 110, Granted, "s1", token: 1),
        W("w2", 115, AcquireRequested, "s2"),
        W("w1", 120, Incremented, "s1", token: 1, value: 1),
        W("w1", 130, ReleaseRequested, "s1", token: 1),
        W("w1", 140, Released, "s1", token: 1, value: 1),
        R(150, SiloKill, target: "silo1"),
        W("w2", 160, Granted, "s2", token: 2),
        W("w2", 170, Incremented, "s2", token: 2, value: 2),
        W("w2", 180, ReleaseRequested, "s2", token: 2),
        R(200, BackendKill, target: "redis"),
        R(900, BackendBack, target: "redis"),
        new ChaosEvent { T = 950, Source = "w2", Kind = Error, Session = "s2", Error = "TimeoutException", Message = "acquire: timed out" },
        W("w1", 1000, Elected, "s1", token: 1),
        R(1100, ObservedLeader, member: "w1", token: 1),
        W("w1", 1200, ResignRequested, "s1", token: 1),
        W("w2", 1300, Elected, "s2", token: 2),
        W("w2", 1400, Stopped, null),
        W("w1", 1400, Stopped, null),
        R(1500, FinalLock, value: 0, members: []),
        R(1500, FinalMembers, value: 0, members: []),
        R(1500, FinalLeader, value: 0, members: []),
    ];

    private static ChaosEvent W(string worker, long t, string kind, string? session, long? token = null, long? value = null) =>
        new() { T = t, Source = worker, Kind = kind, Session = session, Token = token, Value = value };

    private static ChaosEvent R(long t, string kind, string? target = null, string? member = null, long? token = null, long? value = null, List<string>? members = null) =>
        new() { T = t, Source = "runner", Kind = kind, Target = target, Member = member, Token = token, Value = value, Members = members };
}
