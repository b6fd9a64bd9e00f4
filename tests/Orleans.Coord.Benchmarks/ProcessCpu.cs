using System.Diagnostics;

namespace Orleans.Coord.Benchmarks;

/// <summary>
/// The CPU time of the benchmark process (the silo and every client in it) over a measured window: less sensitive to
/// other work on the machine than elapsed time, so that a figure per operation compares between steps and runs.
/// </summary>
internal sealed class ProcessCpu
{
    private readonly TimeSpan _start = Now();

    /// <summary>The process's CPU time since this window started.</summary>
    public TimeSpan Used => Now() - _start;

    /// <summary>The process's CPU microseconds since this window started, per one of <paramref name="operations"/>; null for none.</summary>
    public double? MicrosecondsPer(long operations) =>
        operations > 0 ? Math.Round((Now() - _start).TotalMicroseconds / operations, 2) : null;

    private static TimeSpan Now()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
