namespace Orleans.Coord.Hosting;

/// <summary>
/// No server of a backend answered. The message is one line that names the backend and the cause, for example
/// <c>cannot reach redis at 127.0.0.1:6379: connection refused</c>.
/// </summary>
public sealed class BackendUnreachableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BackendUnreachableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
