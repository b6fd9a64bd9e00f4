namespace Orleans.Coord.File;

/// <summary>
/// The directory of a file backend cannot be used: it is missing and so is its parent, it is not writable, or another
/// silo holds it. The message is one line that names the directory and the cause, for example
/// <c>cannot use directory /var/lib/coord: another silo holds it (lock file /var/lib/coord/.lock)</c>. Nothing was written.
/// </summary>
public sealed class FileBackendException : IOException
{
    /// <summary>Creates the exception.</summary>
    public FileBackendException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
