namespace Orleans.Coord.TestServers;

/// <summary>The repository's programs as built by the same build as the running test assembly.</summary>
public static class BuildOutput
{
    /// <summary>
    /// <paramref name="dll"/> in <c>&lt;repository&gt;/<paramref name="projectDirectory"/>/bin/&lt;Configuration&gt;/net10.0</c>,
    /// for the configuration this test assembly was built in.
    /// </summary>
    /// <exception cref="FileNotFoundException">The program is not built for that configuration.</exception>
    public static string Dll(string projectDirectory, string dll)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !System.IO.File.Exists(Path.Combine(root.FullName, "Orleans.Coord.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"Cannot find Orleans.Coord.sln above {AppContext.BaseDirectory}.");
        }

        var path = Path.Combine(root.FullName, projectDirectory, "bin", configuration, "net10.0", dll);
        return System.IO.File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{dll} is not built for {configuration}: build the solution first (dotnet build Orleans.Coord.sln -c {configuration}).", path);
    }
}
