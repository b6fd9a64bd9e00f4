namespace Orleans.Coord.Server.Telemetry;

/// <summary>The values of the outcome tag of a storage write.</summary>
internal static class StorageOutcomes
{
    public const string Ok = "ok";

    /// <summary>Another activation wrote first (an ETag conflict): this activation was stale.</summary>
    public const string Conflict = "conflict";

    public const string Error = "error";
}
