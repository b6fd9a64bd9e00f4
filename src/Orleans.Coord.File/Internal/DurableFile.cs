namespace Orleans.Coord.File.Internal;

/// <summary>
/// Replaces and deletes files so that a crash (kill -9, power loss) leaves either the old content or the new, never a
/// torn file: the new content goes to a temporary file in the same directory, which is flushed to disk, renamed over
/// the old file, and then the directory itself is flushed so that the rename survives. Temporary files carry
/// <see cref="TemporaryMarker"/>, which escaped names never contain; <see cref="DeleteLeftovers"/> removes those a crash left.
/// </summary>
internal static class DurableFile
{
    /// <summary>The character that marks a temporary file; <see cref="FileNames"/> always escapes it.</summary>
    public const char TemporaryMarker = '#';

    /// <summary>Writes <paramref name="content"/> as <paramref name="directory"/>/<paramref name="name"/>, durably.</summary>
    /// <exception cref="IOException">The file could not be written, flushed or renamed; the old content is unchanged.</exception>
    public static void Replace(string directory, string name, ReadOnlySpan<byte> content)
    {
        var target = Path.Combine(directory, name);
        var temporary = Path.Combine(directory, $"{TemporaryMarker}{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            System.IO.File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        DirectorySync.Flush(directory);
    }

    /// <summary>Deletes <paramref name="directory"/>/<paramref name="name"/> durably; a missing file is not an error.</summary>
    public static void Delete(string directory, string name)
    {
        System.IO.File.Delete(Path.Combine(directory, name));
        DirectorySync.Flush(directory);
    }

    /// <summary>Deletes the temporary files a crash left in <paramref name="directory"/>.</summary>
    public static int DeleteLeftovers(string directory)
    {
        var deleted = 0;
        foreach (var leftover in Directory.EnumerateFiles(directory, $"{TemporaryMarker}*.tmp"))
        {
            System.IO.File.Delete(leftover);
            deleted++;
        }

        if (deleted > 0)
        {
            DirectorySync.Flush(directory);
        }

        return deleted;
    }

    private static void TryDelete(string path)
    {
        try
        {
            System.IO.File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
