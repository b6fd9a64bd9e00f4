using System.Globalization;

namespace Orleans.Coord.Benchmarks;

/// <summary>
/// The command line: <c>--backend localhost|redis|postgresql|mysql|zookeeper|etcd|file|URL</c> (the words start a temporary server from the
/// machine's packages), <c>--scenario all|a,b,...</c>, <c>--seconds N</c> (per scenario), <c>--quick</c> (smoke mode).
/// </summary>
internal sealed record BenchmarkOptions(string Backend, IReadOnlySet<string> Scenarios, TimeSpan Duration, bool Quick, bool Metrics = false, bool All = false)
{
    public static readonly string[] AllScenarios =
    [
        "lock_uncontended", "lock_contended", "group_join_leave", "get_members", "watch_join_latency", "leader_failover", "silo_failover", "zk_client", "floors", "idle", "scale",
        "watch_fanout", "many_locks", "many_contenders",
    ];

    public const string Usage = """
        usage: Orleans.Coord.Benchmarks [--backend localhost|redis|postgresql|mysql|zookeeper|etcd|file|URL] [--scenario all|NAME[,NAME...]] [--seconds N] [--quick] [--metrics]
          --backend   localhost (default): an in-process silo with in-memory state.
                      redis / postgresql / mysql (MariaDB) / zookeeper / etcd: start a temporary server from the machine's
                      packages on a free loopback port. redis://host:port, postgresql://user:password@host:port/db,
                      mysql://user:password@host:port/db, zookeeper://host:port, etcd://host:port: use that server. file: a temporary directory (file:///directory: that directory).
          --scenario  all (default) or a comma-separated list of: lock_uncontended, lock_contended, group_join_leave,
                      get_members, watch_join_latency, scale, leader_failover, silo_failover,
                      zk_client (ZooKeeper backend: the raw client's create+delete, getData and multi latencies),
                      floors (a bare grain call, one durable grain-storage write, and the backend's raw write; with
                      lock_uncontended they take their turns among its systems),
                      idle (a silo process with no client: its CPU over 30 s, without and with HTTP),
                      watch_fanout, many_locks, many_contenders (how cost grows: one line per x10 step, with a growth field;
                      many_locks' 100,000-lock step runs only when many_locks is named, not with all)
          --seconds   how long each timed scenario runs (default 10; --quick: 2)
          --quick     smoke mode: short scenarios and small sizes (CI uses it to keep the program working)
          --metrics   collect every Orleans.Coord instrument while the scenarios run (to measure what they cost)
        One JSON object per line per (system, backend, caller, scenario) goes to stdout; progress goes to stderr.
        """;

    public static BenchmarkOptions Parse(string[] args)
    {
        var backend = "localhost";
        var scenarios = "all";
        double? seconds = null;
        var quick = false;
        var metrics = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            switch (args[i])
            {
                case "--backend":
                    backend = Value();
                    break;
                case "--scenario":
                    scenarios = Value();
                    break;
                case "--seconds":
                    var text = Value();
                    seconds = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= 120
                        ? s
                        : throw new ArgumentException($"--seconds must be a number from 0 to 120 (got '{text}').");
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--metrics":
                    metrics = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.\n{Usage}");
            }
        }

        var chosen = scenarios == "all"
            ? AllScenarios.ToHashSet()
            : scenarios.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var unknown = chosen.Except(AllScenarios).ToArray();
        if (unknown.Length > 0)
        {
            throw new ArgumentException($"Unknown scenario(s): {string.Join(", ", unknown)}.\n{Usage}");
        }

        return new BenchmarkOptions(backend, chosen, TimeSpan.FromSeconds(seconds ?? (quick ? 2 : 10)), quick, metrics, All: scenarios == "all");
    }
}
