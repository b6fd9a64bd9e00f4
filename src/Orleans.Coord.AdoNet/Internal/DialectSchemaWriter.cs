namespace Orleans.Coord.AdoNet.Internal;

/// <summary>
/// Installs <see cref="SchemaScripts"/> into one kind of database while holding a database-wide lock,
/// so that concurrent installers (for example several silos starting at once) are serialised.
/// </summary>
internal abstract class DialectSchemaWriter
{
    /// <summary>The component name under which the schema version is recorded in <c>OrleansCoordSchema</c>.</summary>
    public const string Component = "Orleans.Coord.AdoNet";

    /// <summary>Name (MySQL) or seed (PostgreSQL) of the lock that serialises installers.</summary>
    public const string LockName = "OrleansCoord.Schema";

    /// <summary>
    /// Takes the lock (waiting at most <paramref name="lockTimeout"/>), compares the installed version with
    /// <paramref name="targetVersion"/> and installs the scripts when the installed version is older.
    /// </summary>
    /// <returns>The outcome and the version found before the call (null when there was none).</returns>
    public abstract Task<(AdoNetSchemaStatus Status, int? PreviousVersion)> InstallAsync(
        string connectionString,
        SchemaScripts scripts,
        int targetVersion,
        TimeSpan lockTimeout,
        CancellationToken cancellationToken);

    protected static TimeoutException LockTimeout(TimeSpan lockTimeout) =>
        new($"Could not take the schema installer lock '{LockName}' within {lockTimeout}; another installer may be stuck holding it.");
}
