using System.Globalization;

namespace Orleans.Coord.Chaos;

/// <summary>What a worker process is told on its command line by the runner.</summary>
internal sealed record WorkerArguments(string BackendUrl, string ClusterId, string WorkerId, string Folder, TimeSpan SessionTtl, bool Campaigns)
{
    public const string LockName = "chaos-lock";
    public const string GroupName = "chaos-group";
    public const string ElectionName = "chaos-election";

    public string LogPath => Path.Combine(Folder, $"{WorkerId}.jsonl");

    public string StopPath => Path.Combine(Folder, "stop");

    public string CounterPath => Path.Combine(Folder, "counter");

    public string RegisterPath => Path.Combine(Folder, "register");

    public IEnumerable<string> ToArgs() =>
        ["worker", BackendUrl, ClusterId, WorkerId, Folder, SessionTtl.TotalMilliseconds.ToString(CultureInfo.InvariantCulture), Campaigns ? "campaign" : "no-campaign"];

    /// <summary>Reads the arguments after <c>worker</c>.</summary>
    /// <exception cref="ArgumentException">They are not the runner's.</exception>
    public static WorkerArguments Parse(IReadOnlyList<string> args) => args.Count == 6
        ? new(args[0], args[1], args[2], args[3], TimeSpan.FromMilliseconds(double.Parse(args[4], CultureInfo.InvariantCulture)), args[5] == "campaign")
        : throw new ArgumentException("usage: worker BACKEND_URL CLUSTER_ID WORKER_ID FOLDER TTL_MS campaign|no-campaign (started by the runner)", nameof(args));
}
