using System.Collections.Concurrent;

namespace Orleans.Coord.File.Internal;

/// <summary>
/// Dedicated threads for the file backend's blocking work: reads and durable writes of files, each of which waits for
/// the disk (<see cref="DurableFile"/> flushes every write and its directory). Orleans runs grains, timers and session
/// heartbeats on the .NET thread pool, which adds threads only slowly when its threads block; a slow disk that held
/// them would hold up every grain of the silo, heartbeats included, until sessions expired. Work handed to
/// <see cref="RunAsync{T}(Func{T})"/> waits on these threads instead, and its caller resumes where it awaited (a grain
/// in its own turn), never on an I/O thread. The threads start with the first use and live as long as the process; they are background
/// threads, so they never keep it alive.
/// </summary>
internal static class BlockingIo
{
    /// <summary>How many threads run the work: enough that several states are written and flushed at once.</summary>
    public static readonly int ThreadCount = Math.Max(4, 2 * Environment.ProcessorCount);

    private static readonly BlockingCollection<Action> Work = Start();

    /// <summary>Runs <paramref name="work"/> on an I/O thread; the task ends with its result or its exception.</summary>
    public static Task<T> RunAsync<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Work.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    /// <summary>Runs <paramref name="work"/> on an I/O thread; the task ends when it returns or throws.</summary>
    public static Task RunAsync(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(() =>
        {
            work();
            return true;
        });
    }

    private static BlockingCollection<Action> Start()
    {
        var work = new BlockingCollection<Action>();
        for (var i = 0; i < ThreadCount; i++)
        {
            new Thread(() => Serve(work)) { IsBackground = true, Name = $"Orleans.Coord.File I/O {i}" }.Start();
        }

        return work;
    }

    private static void Serve(BlockingCollection<Action> work)
    {
        foreach (var item in work.GetConsumingEnumerable())
        {
            item();
        }
    }
}
