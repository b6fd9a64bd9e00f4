namespace Orleans.Coord.Telemetry;

/// <summary>
/// How Orleans.Coord tags its metrics, on a silo or a client: configure it with
/// <c>services.Configure&lt;CoordTelemetryOptions&gt;(...)</c> (or the <c>Coordination:Telemetry</c> configuration section
/// where the host binds it).
/// </summary>
public sealed class CoordTelemetryOptions
{
    /// <summary>
    /// Whether metrics carry the name of the lock, group or election (<see cref="CoordTelemetry.NameTag"/>); off by
    /// default. Every name becomes a time series of its own, so turn it on only where the names are few.
    /// </summary>
    public bool IncludeNames { get; set; }

    /// <summary>
    /// The backend tag of the storage-write metric (<see cref="CoordTelemetry.BackendTag"/>): set by the backend's
    /// silo extension (<c>UseCoordBackend</c>, <c>UseCoordRedis</c>, ...); <c>unknown</c> when none set it.
    /// </summary>
    public string Backend { get; set; } = "unknown";
}
