using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Orleans.Coord.File.Internal;

/// <summary>
/// The directory a silo's file backend keeps everything in, held with <see cref="DirectoryLock"/> from the first stage
/// of the silo's start to the last of its stop. A missing directory is created when its parent exists; a missing
/// parent, a file in its place, an unwritable directory or a lock held by another silo stop the silo's start with a
/// <see cref="FileBackendException"/>. Layout: <c>.lock</c>, <c>state/&lt;provider&gt;/&lt;state&gt;~&lt;grain id&gt;</c>
/// and <c>reminders/&lt;grain id&gt;</c> (names escaped by <see cref="FileNames"/>).
/// </summary>
internal sealed partial class BackendDirectory(string path, ILogger<BackendDirectory> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly ConcurrentDictionary<string, BackendDirectory> HeldInThisProcess = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private DirectoryLock? _lock;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Whether a silo in this process holds <paramref name="directory"/> now.</summary>
    public static bool IsHeldInThisProcess(string directory) => HeldInThisProcess.ContainsKey(System.IO.Path.GetFullPath(directory));

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(BackendDirectory), ServiceLifecycleStage.First, _ =>
        {
            Open();
            return Task.CompletedTask;
        }, _ =>
        {
            Dispose();
            return Task.CompletedTask;
        });

    /// <summary>Prepares and locks the directory; does nothing when this instance holds it already.</summary>
    /// <exception cref="FileBackendException">The directory cannot be used; the message says why.</exception>
    public void Open()
    {
        lock (_gate)
        {
            if (_lock is not null)
            {
                return;
            }

            CreateIfMissing(Path);
            CheckWritable(Path);
            _lock = DirectoryLock.Acquire(Path);
            HeldInThisProcess[Path] = this;
            LogOpened(Path);
        }
    }

    /// <summary>The subdirectory <paramref name="parts"/> (escaped names), created durably when missing; opens the directory first.</summary>
    public string Subdirectory(params string[] parts)
    {
        Open();
        var current = Path;
        foreach (var part in parts)
        {
            var next = System.IO.Path.Combine(current, part);
            if (!Directory.Exists(next))
            {
                Directory.CreateDirectory(next);
                DirectorySync.Flush(current);
            }

            current = next;
        }

        var leftovers = DurableFile.DeleteLeftovers(current);
        if (leftovers > 0)
        {
            LogLeftovers(leftovers, current);
        }

        return current;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_lock is null)
            {
                return;
            }

            HeldInThisProcess.TryRemove(new KeyValuePair<string, BackendDirectory>(Path, this));
            _lock.Dispose();
            _lock = null;
        }
    }

    /// <summary>
    /// Whether a silo could open <paramref name="directory"/> now, without creating or locking anything: it exists (or
    /// its parent does), it is writable, and no process holds its lock. Null when usable, else the reason in one line.
    /// </summary>
    public static string? ProblemWith(string directory)
    {
        var full = System.IO.Path.GetFullPath(directory);
        try
        {
            if (!Directory.Exists(full))
            {
                ParentOf(full);
                return null;
            }

            CheckWritable(full);
            DirectoryLock.Acquire(full).Dispose();
            return null;
        }
        catch (FileBackendException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Writes and deletes a probe file.</summary>
    /// <exception cref="FileBackendException">The directory is not writable.</exception>
    public static void CheckWritable(string directory)
    {
        var probe = $"{DurableFile.TemporaryMarker}probe-{Guid.NewGuid():N}.tmp";
        try
        {
            DurableFile.Replace(directory, probe, [1]);
            DurableFile.Delete(directory, probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FileBackendException($"cannot use directory {directory}: it is not writable ({ex.Message})", ex);
        }
    }

    private static void CreateIfMissing(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        var parent = ParentOf(directory);
        try
        {
            Directory.CreateDirectory(directory);
            DirectorySync.Flush(parent);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FileBackendException($"cannot use directory {directory}: cannot create it ({ex.Message})", ex);
        }
    }

    /// <exception cref="FileBackendException">A file is in the directory's place, or the parent is missing.</exception>
    private static string ParentOf(string directory)
    {
        if (System.IO.File.Exists(directory))
        {
            throw new FileBackendException($"cannot use directory {directory}: it is a file");
        }

        var parent = System.IO.Path.GetDirectoryName(directory);
        if (parent is null || !Directory.Exists(parent))
        {
            throw new FileBackendException($"cannot use directory {directory}: it does not exist, and neither does its parent {parent} (only the last part is created)");
        }

        return parent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "File backend: holding directory {Path}.")]
    private partial void LogOpened(string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "File backend: deleted {Count} temporary files left by an interrupted write in {Path}.")]
    private partial void LogLeftovers(int count, string path);
}
