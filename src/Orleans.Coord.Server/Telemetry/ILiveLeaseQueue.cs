namespace Orleans.Coord.Server.Telemetry;

/// <summary>A lease queue's activation as the holders and waiters gauges read it.</summary>
internal interface ILiveLeaseQueue
{
    /// <summary>One of <see cref="Orleans.Coord.Telemetry.CoordTelemetry.Primitives"/>.</summary>
    string Primitive { get; }

    string Name { get; }

    int HolderCount { get; }

    int WaiterCount { get; }
}
