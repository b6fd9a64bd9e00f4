namespace Orleans.Coord.AdoNet;

/// <summary>
/// What <see cref="AdoNetSchemaInstaller.EnsureSchemaAsync"/> found and did.
/// </summary>
public enum AdoNetSchemaStatus
{
    /// <summary>The schema was missing or older and has been created or brought up to <see cref="AdoNetSchemaInstaller.SchemaVersion"/>.</summary>
    Installed = 1,

    /// <summary>The database already held schema version <see cref="AdoNetSchemaInstaller.SchemaVersion"/>; nothing was changed.</summary>
    AlreadyCurrent = 2,

    /// <summary>The database holds a newer schema version than this installer knows; nothing was changed.</summary>
    NewerVersionPresent = 3,
}
