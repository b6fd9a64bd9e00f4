using System.Globalization;

namespace Orleans.Coord.Chaos;

/// <summary>The runner's command line: <c>run [--minutes N | --seconds N] [--backend NAME] [--seed N] [--workers N] [--out DIR]</c>.</summary>
internal sealed record RunOptions(TimeSpan Duration, string Backend, int Seed, int Workers, string Folder, TimeSpan SessionTtl)
{
    public const string Usage = """
        usage: chaos.sh [--minutes N | --seconds N] [--backend redis|postgresql|zookeeper|etcd] [--seed N] [--workers N] [--out DIR]
          --minutes N   how long faults are injected (default 2)
          --seconds N   the same in seconds (at least 30)
          --backend     the backend server (default redis)
          --seed N      the seed of the fault schedule (default: random, printed)
          --workers N   client worker processes, 4 to 6 (default 5)
          --out DIR     a new or empty folder for the logs (default: a new temporary folder, printed)
        """;

    public static readonly TimeSpan MinimumDuration = TimeSpan.FromSeconds(30);

    /// <exception cref="ArgumentException">An option is unknown, has no value, or is out of its range.</exception>
    public static RunOptions Parse(IReadOnlyList<string> args)
    {
        var duration = TimeSpan.FromMinutes(2);
        var backend = "redis";
        var seed = Random.Shared.Next(1, 1_000_000);
        var workers = 5;
        string? folder = null;
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            if (flag is "-h" or "--help")
            {
                throw new ArgumentException(Usage);
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{flag} needs a value.\n{Usage}", nameof(args));
            switch (flag)
            {
                case "--minutes":
                    duration = TimeSpan.FromMinutes(Number(flag, value));
                    break;
                case "--seconds":
                    duration = TimeSpan.FromSeconds(Number(flag, value));
                    break;
                case "--backend":
                    backend = ChaosBackend.Names.Contains(value) ? value : throw new ArgumentException($"--backend must be one of {string.Join(", ", ChaosBackend.Names)}, not '{value}'.", nameof(args));
                    break;
                case "--seed":
                    seed = (int)Number(flag, value);
                    break;
                case "--workers":
                    workers = (int)Number(flag, value);
                    break;
                case "--out":
                    folder = value;
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{flag}'.\n{Usage}", nameof(args));
            }
        }

        if (duration < MinimumDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(args), duration, $"The run must last at least {MinimumDuration.TotalSeconds:0} s (--seconds 30).");
        }

        if (workers is < 4 or > 6)
        {
            throw new ArgumentOutOfRangeException(nameof(args), workers, "--workers must be 4 to 6.");
        }

        folder = Path.GetFullPath(folder ?? Path.Combine(Path.GetTempPath(), $"orleans-coord-chaos-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{seed}"));
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            // Two runs' logs in one folder would read as one history.
            throw new ArgumentException($"--out {folder} is not empty; give a new or empty folder.", nameof(args));
        }

        return new(duration, backend, seed, workers, folder, TimeSpan.FromSeconds(4));
    }

    private static double Number(string flag, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw new ArgumentException($"{flag} needs a non-negative number, not '{value}'.", nameof(value));
}
