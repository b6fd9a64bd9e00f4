namespace Orleans.Coord.TestServers.Internal;

/// <summary>A uniquely named folder under the temp directory, deleted (recursively, best effort) on dispose.</summary>
internal sealed class TempFolder : IDisposable, IAsyncDisposable
{
    /// <summary>Creates the folder.</summary>
    /// <param name="prefix">Start of the folder's name.</param>
    /// <param name="forOtherUser">
    /// True when a server will run as another user (root hands the folder to <c>postgres</c> or <c>mysql</c>): the parent
    /// must then be traversable by everyone, so a private TMPDIR is replaced by /tmp.
    /// </param>
    public TempFolder(string prefix, bool forOtherUser = false)
    {
        var parent = System.IO.Path.GetTempPath();
        if (forOtherUser && !OperatingSystem.IsWindows() && (System.IO.File.GetUnixFileMode(parent) & UnixFileMode.OtherExecute) == 0)
        {
            parent = "/tmp";
        }

        Path = System.IO.Path.Combine(parent, $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A straggling child process may still hold a file; the folder is in the temp directory, so leaving it is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
