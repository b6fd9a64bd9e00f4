namespace Orleans.Coord.TestServers.Internal;

/// <summary>Finds server executables in the usual Debian locations and on PATH.</summary>
internal static class ServerBinaries
{
    private static readonly string[] StandardDirectories = ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin", "/bin"];

    /// <summary>
    /// Returns the first existing file among <paramref name="fileNames"/> in <paramref name="preferredDirectories"/>,
    /// then PATH, then the standard directories.
    /// </summary>
    /// <exception cref="ServerBinaryNotFoundException">None exists.</exception>
    public static string Locate(string debianPackage, IEnumerable<string> fileNames, IEnumerable<string>? preferredDirectories = null)
    {
        var names = fileNames.ToArray();
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(':', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var directories = (preferredDirectories ?? []).Concat(path).Concat(StandardDirectories).Distinct().ToArray();

        var searched = new List<string>();
        foreach (var name in names)
        {
            foreach (var directory in directories)
            {
                var candidate = Path.Combine(directory, name);
                searched.Add(candidate);
                if (System.IO.File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new ServerBinaryNotFoundException(names[0], debianPackage, searched.Distinct());
    }
}
