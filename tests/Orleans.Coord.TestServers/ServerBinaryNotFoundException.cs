namespace Orleans.Coord.TestServers;

/// <summary>A server binary a fixture needs is not installed on this machine.</summary>
public sealed class ServerBinaryNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="binary">The executable's file name, e.g. <c>redis-server</c>.</param>
    /// <param name="debianPackage">The Debian package that installs it, e.g. <c>redis-server</c>.</param>
    /// <param name="searched">The paths that were looked at.</param>
    public ServerBinaryNotFoundException(string binary, string debianPackage, IEnumerable<string> searched)
        : base($"'{binary}' was not found (looked in: {string.Join(", ", searched)}). Install the Debian package '{debianPackage}': apt-get install -y {debianPackage}")
    {
        Binary = binary;
        DebianPackage = debianPackage;
    }

    /// <summary>The executable's file name.</summary>
    public string Binary { get; }

    /// <summary>The Debian package that installs the executable.</summary>
    public string DebianPackage { get; }
}
