using System.Diagnostics;

namespace Orleans.Coord.Benchmarks;

/// <summary>
/// How late the operating system runs a thread of this process: a dedicated thread sleeps 1 ms in a loop and records
/// by how much each sleep overran. A window whose largest overrun is several milliseconds had this process waiting for
/// a CPU (on a machine busy with other work), which no code in the process can avoid.
/// </summary>
internal sealed class SchedulerLag : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stopped;
    private long _maxTicks;

    public SchedulerLag()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "scheduler-lag" };
        _thread.Start();
    }

    /// <summary>The largest overrun since the last call, in milliseconds; starts the next window.</summary>
    public double TakeMaxMs() => TimeSpan.FromTicks(Interlocked.Exchange(ref _maxTicks, 0)).TotalMilliseconds;

    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
    }

    private void Run()
    {
        while (!_stopped)
        {
            var start = Stopwatch.GetTimestamp();
            Thread.Sleep(1);
            var overrun = (Stopwatch.GetElapsedTime(start) - TimeSpan.FromMilliseconds(1)).Ticks;
            long max;
            while (overrun > (max = Interlocked.Read(ref _maxTicks)) && Interlocked.CompareExchange(ref _maxTicks, overrun, max) != max)
            {
            }
        }
    }
}
