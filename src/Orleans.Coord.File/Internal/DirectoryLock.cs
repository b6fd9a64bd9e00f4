namespace Orleans.Coord.File.Internal;

/// <summary>
/// The exclusive lock on a backend directory: the file <c>.lock</c> in it, opened with <see cref="FileShare.None"/>,
/// which .NET turns into an exclusive <c>flock</c> on Unix and a share-none handle on Windows. The operating system
/// releases it when the process ends in any way, kill -9 included, so a restarted silo takes it at once. The file holds
/// the owner's process id, for people; the lock, not the content, is what counts.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    public const string FileName = ".lock";

    private readonly FileStream _stream;

    private DirectoryLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock now, or throws.</summary>
    /// <exception cref="FileBackendException">Another process (or another silo in this one) holds it, or the file cannot be opened.</exception>
    public static DirectoryLock Acquire(string directory)
    {
        var path = Path.Combine(directory, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException && System.IO.File.Exists(path))
        {
            throw new FileBackendException($"cannot use directory {directory}: another silo holds it (lock file {path})", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FileBackendException($"cannot use directory {directory}: cannot open its lock file {path}: {ex.Message}", ex);
        }

        try
        {
            var owner = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
            stream.SetLength(0);
            stream.Write(owner);
            stream.Flush();
        }
        catch (IOException)
        {
            // The pid is a hint for people; the lock is held either way.
        }

        return new DirectoryLock(stream);
    }

    public void Dispose() => _stream.Dispose();
}
