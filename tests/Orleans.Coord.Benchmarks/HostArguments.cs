namespace Orleans.Coord.Benchmarks;

/// <summary>
/// The command-line arguments every host of the benchmark is built with. They turn off reloading configuration files
/// on change: that reload watches the working directory and everything below it, so a run started where the
/// temporary servers keep their data (the temporary folder) would spend CPU on each of their file writes and count it
/// against Orleans.Coord.
/// </summary>
internal static class HostArguments
{
    public static readonly string[] WithoutFileWatching = ["--hostBuilder:reloadConfigOnChange=false"];
}
