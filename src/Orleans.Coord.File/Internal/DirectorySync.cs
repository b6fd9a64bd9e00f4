using System.Runtime.InteropServices;

namespace Orleans.Coord.File.Internal;

/// <summary>
/// Makes a directory's entries durable (a file created, renamed or deleted in it): on Linux and macOS the directory is
/// opened read-only and <c>fsync</c>ed, which .NET cannot do itself (<c>File.OpenHandle</c> refuses a directory). On
/// Windows a rename is made durable by NTFS's journal and there is nothing to do.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;

    /// <exception cref="IOException">The directory could not be opened or flushed; the message names it and the cause.</exception>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Native.open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to flush it: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        try
        {
            if (Native.fsync(fd) != 0)
            {
                throw new IOException($"cannot flush directory {directory} to disk: {Marshal.GetLastPInvokeErrorMessage()}");
            }
        }
        finally
        {
            _ = Native.close(fd);
        }
    }

    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}
