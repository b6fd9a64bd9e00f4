namespace Orleans.Coord.TestServers;

/// <summary>A test server process could not be prepared or did not become ready; the message ends with the server's captured log.</summary>
public sealed class ServerStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="serverLog">The server's captured output and log file tail (may be empty).</param>
    /// <param name="inner">The underlying error, if any.</param>
    public ServerStartException(string message, string serverLog, Exception? inner = null)
        : base($"{message}{Environment.NewLine}--- server log ---{Environment.NewLine}{serverLog}", inner)
    {
        ServerLog = serverLog;
    }

    /// <summary>The server's captured output and log file tail.</summary>
    public string ServerLog { get; }
}
