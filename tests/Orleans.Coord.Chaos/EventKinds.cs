namespace Orleans.Coord.Chaos;

/// <summary>The kinds of <see cref="ChaosEvent"/>: what workers log, then what the runner logs.</summary>
internal static class EventKinds
{
    // Worker events.
    public const string WorkerStarted = "worker_started";
    public const string SessionStarted = "session_started";
    public const string SessionLost = "session_lost";
    public const string AcquireRequested = "acquire_requested";
    public const string Granted = "granted";
    public const string HoldLost = "hold_lost";
    public const string Incremented = "incremented";
    public const string WriteSkipped = "write_skipped";
    public const string RegisterRejected = "register_rejected";
    public const string ReleaseRequested = "release_requested";
    public const string Released = "released";
    public const string Joined = "joined";
    public const string Elected = "elected";
    public const string LeadershipLost = "leadership_lost";
    public const string ResignRequested = "resign_requested";
    public const string Error = "error";
    public const string Stopped = "stopped";

    // Runner events.
    public const string Settings = "settings";
    public const string SiloKill = "silo_kill";
    public const string SiloRestart = "silo_restart";
    public const string SiloPause = "silo_pause";
    public const string SiloResume = "silo_resume";
    public const string SiloExited = "silo_exited";
    public const string WorkerStart = "worker_start";
    public const string WorkerKill = "worker_kill";
    public const string WorkerStop = "worker_stop";
    public const string BackendKill = "backend_kill";
    public const string BackendBack = "backend_back";
    public const string FaultsEnd = "faults_end";
    public const string ObservedMembers = "observed_members";
    public const string ObservedLeader = "observed_leader";
    public const string FinalLock = "final_lock";
    public const string FinalMembers = "final_members";
    public const string FinalLeader = "final_leader";
    public const string FinalCounter = "final_counter";

    /// <summary>The faults, for the liveness figures.</summary>
    public static readonly IReadOnlySet<string> Faults = new HashSet<string> { SiloKill, SiloPause, WorkerKill, BackendKill };
}
